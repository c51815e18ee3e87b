// What every listener shares: it accepts connections and hands each one, as a Duplex stream,
// to the broker core.
import type { Duplex } from 'node:stream';
import type { ConnectionMeta, Logger } from '../model/contracts.ts';

export interface ConnectionHandler {
  handle(stream: Duplex, meta: ConnectionMeta): void;
}

export interface ListenerOptions {
  logger: Logger;
  /** Largest MQTT packet accepted; WebSocket frames larger than this (plus header slack) are refused. */
  maxPacketSize?: number;
  /** Deadline for a TLS handshake or a WebSocket upgrade, before the core's own CONNECT deadline starts. */
  connectTimeoutMs?: number;
}

export interface RunningListener {
  readonly type: 'tcp' | 'tls' | 'ws' | 'wss';
  /** e.g. mqtt://127.0.0.1:41234, wss://127.0.0.1:40111/mqtt */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stop accepting new connections (open ones stay up). */
  stopAccepting(): void;
  /** Stop accepting, destroy the connections still open, resolve when the server is closed. */
  close(): Promise<void>;
}

export class ListenerError extends Error {
  override readonly name = 'ListenerError';
  constructor(readonly listener: string, readonly code: string | undefined, detail: string) {
    super(`${listener}: ${detail}`);
  }
}

/** Hands a stream to the broker; a throwing handler or a stream error never takes the process down. */
export function dispatch(handler: ConnectionHandler, stream: Duplex, meta: ConnectionMeta, logger: Logger): void {
  stream.on('error', (err) => logger.log('debug', 'connection.stream-error', { transport: meta.transport, remoteAddress: meta.remoteAddress, err }));
  try {
    handler.handle(stream, meta);
  } catch (err) {
    logger.log('error', 'connection.handle-failed', { transport: meta.transport, remoteAddress: meta.remoteAddress, err });
    stream.destroy();
  }
}

export function formatUrl(scheme: string, host: string, port: number, path = ''): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${h}:${port}${path}`;
}

export function describeListenError(type: string, host: string, port: number, err: NodeJS.ErrnoException): ListenerError {
  const where = `${type} listener ${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE': return new ListenerError(where, err.code, 'address already in use; choose another port (port 0 picks a free one) or stop the other process');
    case 'EACCES': return new ListenerError(where, err.code, 'permission denied; ports below 1024 need privileges, choose a port above 1023');
    case 'EADDRNOTAVAIL': return new ListenerError(where, err.code, 'address not available on this machine; use 127.0.0.1 or an address of a local interface');
    default: return new ListenerError(where, err.code, err.message);
  }
}
