// FaultProxy: a proxy between the harness and a broker that makes the broker appear to break one
// rule. Every client connection gets its own upstream connection; frames pass byte-exact unless the
// fault changes them. It speaks MQTT over TCP, TLS (terminated with the test certificates and
// re-originated to the broker's TLS port) and WebSocket / secure WebSocket (binary frames, the
// broker's subprotocol) on either side. Listens on 127.0.0.1, port 0 (ephemeral) unless told otherwise.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { Fault, FaultEvent, ProxyTransport } from './fault.ts';
import { ProxyConnection } from './proxy-connection.ts';
import { BadUpstreamError, connectUpstream, listen, parseUpstream } from './transports.ts';
import type { AcceptedClient, Listener, TlsFiles, Upstream } from './transports.ts';

export { BadUpstreamError, parseUpstream };

export interface FaultProxyOptions {
  /** The broker: mqtt://host:port (or tcp://), mqtts://host:port, ws://host:port/path, wss://host:port/path. */
  upstream: string;
  fault: Fault;
  /** The clients' transport (default: the upstream's). A WebSocket listener needs a WebSocket upstream. */
  listen?: ProxyTransport;
  /** Listening port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** TLS key/certificate presented to clients and CA trusted upstream (default: fixtures/certs). */
  tls?: TlsFiles;
  /** State shared with other proxies of the same fault (one broker seen over several transports). */
  shared?: Map<string, unknown>;
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

export class TransportMismatchError extends Error {
  constructor(readonly listenOn: ProxyTransport, readonly upstream: string) {
    super(`a ${listenOn}:// listener needs a ws:// or wss:// upstream (WebSocket text frames and subprotocols have no TCP equivalent), got "${upstream}"`);
    this.name = 'TransportMismatchError';
  }
}

export interface FaultProxyEvents {
  fault: [FaultEvent];
  'hook-error': [{ connectionId: number; error: unknown }];
}

export class FaultProxy extends EventEmitter<FaultProxyEvents> {
  /** Faults applied so far, oldest first (bounded by logLimit). */
  readonly log: FaultEvent[] = [];
  private appliedCount = 0;
  private listener: Listener | undefined;
  private readonly connections = new Set<ProxyConnection>();
  private readonly shared: Map<string, unknown>;
  private nextId = 1;
  private readonly upstream: Upstream;
  private readonly transport: ProxyTransport;
  private readonly now: () => number;

  constructor(private readonly options: FaultProxyOptions) {
    super();
    this.upstream = parseUpstream(options.upstream);
    this.transport = options.listen ?? this.upstream.transport;
    const wsListener = this.transport === 'ws' || this.transport === 'wss';
    const wsUpstream = this.upstream.transport === 'ws' || this.upstream.transport === 'wss';
    if (wsListener && !wsUpstream) throw new TransportMismatchError(this.transport, options.upstream);
    this.now = options.now ?? Date.now;
    this.shared = options.shared ?? new Map();
  }

  get fault(): Fault {
    return this.options.fault;
  }

  /** How many times the fault acted (every `applied` call, not bounded by logLimit). */
  get timesApplied(): number {
    return this.appliedCount;
  }

  get port(): number {
    if (this.listener === undefined) throw new ProxyNotStartedError();
    return this.listener.port;
  }

  get url(): string {
    const path = this.transport === 'ws' || this.transport === 'wss' ? this.upstream.path : '';
    return `${this.transport}://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<this> {
    this.listener = await listen({
      transport: this.transport,
      host: this.options.host ?? '127.0.0.1',
      port: this.options.port ?? 0,
      files: this.options.tls ?? {},
      upstream: this.upstream,
      selectProtocol: (selected, offered) => {
        const answer = this.options.fault.webSocketProtocol?.(selected, offered) ?? selected;
        if (answer !== selected) this.record(this.nextId, `WebSocket subprotocol "${selected}" → "${answer}"`);
        return answer;
      },
      accept: (accepted) => void this.accept(accepted),
    });
    return this;
  }

  async stop(): Promise<void> {
    const listener = this.listener;
    if (listener === undefined) return;
    this.listener = undefined;
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    await listener.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async accept({ client, upstream }: AcceptedClient): Promise<void> {
    let broker: Duplex;
    try {
      broker = upstream ?? (await connectUpstream(this.upstream, this.options.tls ?? {}));
    } catch {
      client.destroy();
      return;
    }
    broker.once('error', () => client.destroy());
    const connection = new ProxyConnection(this.nextId++, this.transport, client, broker, this.options.fault, {
      applied: (connectionId, detail) => this.record(connectionId, detail),
      hookError: (connectionId, error) => this.emit('hook-error', { connectionId, error }),
      closed: (c) => this.connections.delete(c),
    }, this.shared);
    this.connections.add(connection);
  }

  private record(connectionId: number, detail: string): void {
    this.appliedCount += 1;
    const event: FaultEvent = { at: this.now(), connectionId, fault: this.options.fault.name, detail };
    this.log.push(event);
    const limit = this.options.logLimit ?? 10_000;
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
    this.emit('fault', event);
  }
}
