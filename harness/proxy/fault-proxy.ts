// FaultProxy: a TCP proxy between the harness and a broker that makes the broker appear to break
// one rule. Every client connection gets its own upstream connection; frames pass byte-exact unless
// the fault changes them. Listens on 127.0.0.1, port 0 (ephemeral) unless told otherwise.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import type { Fault, FaultEvent } from './fault.ts';
import { ProxyConnection } from './proxy-connection.ts';

export interface FaultProxyOptions {
  /** The broker: mqtt://host:port (or tcp://host:port). */
  upstream: string;
  fault: Fault;
  /** Listening port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Clock for fault event timestamps. */
  now?: () => number;
  /** How many fault events the in-memory log keeps. */
  logLimit?: number;
}

export class ProxyNotStartedError extends Error {
  constructor() {
    super('FaultProxy is not listening: call start() first');
    this.name = 'ProxyNotStartedError';
  }
}

export class BadUpstreamError extends Error {
  constructor(readonly upstream: string) {
    super(`upstream must be mqtt://host:port or tcp://host:port, got "${upstream}"`);
    this.name = 'BadUpstreamError';
  }
}

export function parseUpstream(upstream: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new BadUpstreamError(upstream);
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'tcp:') throw new BadUpstreamError(upstream);
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  return { host, port: url.port === '' ? 1883 : Number(url.port) };
}

export interface FaultProxyEvents {
  fault: [FaultEvent];
  'hook-error': [{ connectionId: number; error: unknown }];
}

export class FaultProxy extends EventEmitter<FaultProxyEvents> {
  /** Faults applied so far, oldest first (bounded by logLimit). */
  readonly log: FaultEvent[] = [];
  private server: Server | undefined;
  private readonly connections = new Set<ProxyConnection>();
  private readonly shared = new Map<string, unknown>();
  private nextId = 1;
  private readonly upstream: { host: string; port: number };
  private readonly now: () => number;

  constructor(private readonly options: FaultProxyOptions) {
    super();
    this.upstream = parseUpstream(options.upstream);
    this.now = options.now ?? Date.now;
  }

  get fault(): Fault {
    return this.options.fault;
  }

  get port(): number {
    if (this.server === undefined) throw new ProxyNotStartedError();
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private accept(client: net.Socket): void {
    client.setNoDelay(true);
    const broker = net.connect({ host: this.upstream.host, port: this.upstream.port });
    broker.setNoDelay(true);
    broker.once('error', () => client.destroy());
    const connection = new ProxyConnection(this.nextId++, client, broker, this.options.fault, {
      applied: (connectionId, detail) => this.record(connectionId, detail),
      hookError: (connectionId, error) => this.emit('hook-error', { connectionId, error }),
      closed: (c) => this.connections.delete(c),
    }, this.shared);
    this.connections.add(connection);
  }

  private record(connectionId: number, detail: string): void {
    const event: FaultEvent = { at: this.now(), connectionId, fault: this.options.fault.name, detail };
    this.log.push(event);
    const limit = this.options.logLimit ?? 10_000;
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
    this.emit('fault', event);
  }
}
