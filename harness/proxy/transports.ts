// The proxy's two ends over any MQTT transport: a listener for clients (TCP, TLS terminated with the
// test certificates, WebSocket or secure WebSocket with binary frames and the broker's subprotocol)
// and an upstream connection re-originated to the broker over its own transport.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import type { ProxyTransport } from './fault.ts';
import { WebSocketStream } from './websocket-stream.ts';

export const CERTS_DIR = fileURLToPath(new URL('../../fixtures/certs/', import.meta.url));

export class BadUpstreamError extends Error {
  constructor(readonly upstream: string) {
    super(`upstream must be mqtt://, tcp://, mqtts://, ws:// or wss:// host:port, got "${upstream}"`);
    this.name = 'BadUpstreamError';
  }
}

export interface Upstream {
  transport: ProxyTransport;
  host: string;
  port: number;
  /** WebSocket path (ws/wss), e.g. /mqtt. */
  path: string;
}

const DEFAULT_PORTS: Record<ProxyTransport, number> = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };

export function parseUpstream(upstream: string): Upstream {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new BadUpstreamError(upstream);
  }
  const scheme = url.protocol.replace(/:$/, '');
  const transport = scheme === 'tcp' ? 'mqtt' : scheme;
  if (transport !== 'mqtt' && transport !== 'mqtts' && transport !== 'ws' && transport !== 'wss') throw new BadUpstreamError(upstream);
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  return { transport, host, port: url.port === '' ? DEFAULT_PORTS[transport] : Number(url.port), path: url.pathname || '/' };
}

export interface TlsFiles {
  /** PEM key and certificate the proxy presents to TLS clients (default: fixtures/certs/server.*). */
  key?: Buffer;
  cert?: Buffer;
  /** PEM CA the proxy trusts for a TLS upstream (default: fixtures/certs/ca.crt). */
  ca?: Buffer;
}

function tlsFiles(files: TlsFiles): Required<TlsFiles> {
  return {
    key: files.key ?? readFileSync(`${CERTS_DIR}server.key`),
    cert: files.cert ?? readFileSync(`${CERTS_DIR}server.crt`),
    ca: files.ca ?? readFileSync(`${CERTS_DIR}ca.crt`),
  };
}

/** One accepted client: its byte stream and, for WebSocket, the upstream already open. */
export interface AcceptedClient {
  client: Duplex;
  /** Set for ws/wss: the upstream WebSocket opened during the handshake. */
  upstream?: Duplex;
}

export interface ListenerOptions {
  transport: ProxyTransport;
  host: string;
  port: number;
  files: TlsFiles;
  upstream: Upstream;
  /** ws/wss: the subprotocol to answer with, given the one the broker selected. */
  selectProtocol(selected: string, offered: readonly string[]): string;
  accept(client: AcceptedClient): void;
}

export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

/** Opens the upstream byte stream to the broker (TCP, TLS, or a WebSocket offering `protocols`). */
export function connectUpstream(upstream: Upstream, files: TlsFiles, protocols: readonly string[] = ['mqtt']): Duplex | Promise<WebSocketStream> {
  if (upstream.transport === 'mqtt') {
    const socket = net.connect({ host: upstream.host, port: upstream.port });
    socket.setNoDelay(true);
    return socket;
  }
  if (upstream.transport === 'mqtts') {
    return tls.connect({ host: upstream.host, port: upstream.port, ca: tlsFiles(files).ca, servername: net.isIP(upstream.host) === 0 ? upstream.host : undefined });
  }
  const scheme = upstream.transport;
  const url = `${scheme}://${upstream.host.includes(':') ? `[${upstream.host}]` : upstream.host}:${upstream.port}${upstream.path}`;
  const socket = new WebSocket(url, [...protocols], { skipUTF8Validation: true, ...(scheme === 'wss' ? { ca: tlsFiles(files).ca } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(new WebSocketStream(socket)));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upstream WebSocket refused: HTTP ${res.statusCode}`)));
  });
}

export async function listen(options: ListenerOptions): Promise<Listener> {
  const { transport } = options;
  let server: net.Server;
  if (transport === 'mqtt') {
    server = net.createServer((socket) => {
      socket.setNoDelay(true);
      options.accept({ client: socket });
    });
  } else if (transport === 'mqtts') {
    const files = tlsFiles(options.files);
    server = tls.createServer({ key: files.key, cert: files.cert }, (socket) => options.accept({ client: socket }));
  } else {
    server = transport === 'wss' ? https.createServer({ key: tlsFiles(options.files).key, cert: tlsFiles(options.files).cert }) : http.createServer();
    attachWebSocket(server as http.Server, options);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const open = new Set<Duplex | net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * WebSocket handshake, faithful to the broker: the upstream WebSocket is opened first with the
 * client's offered subprotocols, and the client is answered with the one the broker selected (or
 * what the fault makes of it). An upstream refusal refuses the client's handshake too.
 */
function attachWebSocket(server: http.Server, options: ListenerOptions): void {
  const selected = new WeakMap<http.IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    // A text frame must reach the fault (or the broker) as sent, not be refused by the proxy itself.
    skipUTF8Validation: true,
    handleProtocols: (protocols, request) => {
      const answer = selected.get(request) ?? '';
      return answer === '' ? false : answer;
    },
  });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
    socket.on('error', () => undefined);
    void (async () => {
      let upstream: WebSocketStream;
      try {
        upstream = await (connectUpstream(options.upstream, options.files, offered) as Promise<WebSocketStream>);
      } catch {
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n');
        return;
      }
      selected.set(request, options.selectProtocol(upstream.socket.protocol, offered));
      wss.handleUpgrade(request, socket, head, (ws) => options.accept({ client: new WebSocketStream(ws), upstream }));
    })();
  });
}
