// The reference broker: BrokerCore's state and operations plus the lifecycle (start, handle, close).
import type { Duplex } from 'node:stream';
import type { StoredMessage } from '../model/messages.ts';
import { SysPublisher } from '../sys/sys-publisher.ts';
import type { SysSource } from '../sys/sys-publisher.ts';
import { dispatch } from '../handlers/index.ts';
import { createBrokerMetrics } from '../metrics/broker-metrics.ts';
import { startMetricsServer } from '../metrics/metrics-server.ts';
import type { RunningMetricsServer } from '../metrics/metrics-server.ts';
import { BrokerCore } from './broker-core.ts';
import { Connection } from './connection.ts';
import type { BrokerHandle, BrokerOptions, ConnectionMeta } from './contracts.ts';

export class BrokerNotStartedError extends Error {
  override readonly name = 'BrokerNotStartedError';
  constructor() {
    super('Broker.start() must resolve before handle()');
  }
}

export class Broker extends BrokerCore implements BrokerHandle, SysSource {
  readonly version: string;
  startedAt = 0;
  private state: 'new' | 'starting' | 'running' | 'closing' | 'closed' = 'new';
  private readonly sys: SysPublisher;
  private metricsServer: RunningMetricsServer | null = null;

  constructor(private readonly options: BrokerOptions) {
    super(options, dispatch);
    this.version = options.version;
    this.sys = new SysPublisher(this, options.sysIntervalMs);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get connectedClients(): number {
    return this.registry.clients.size;
  }

  get messagesReceived(): number {
    return this.counters.messagesReceived;
  }

  get messagesSent(): number {
    return this.counters.messagesSent;
  }

  get messagesDropped(): { queueFull: number; qos0Backlog: number } {
    return { queueFull: this.counters.droppedQueueFull, qos0Backlog: this.counters.droppedQos0Backlog };
  }

  get readDenied(): number {
    return this.counters.readDenied;
  }

  get authFailures(): { failed: number; busy: number } {
    return { failed: this.counters.authFailures, busy: this.counters.authBusy };
  }

  get inputBudgetEvictions(): number {
    return this.counters.inputBudgetEvictions;
  }

  get slowConsumers(): number {
    return this.counters.slowConsumers;
  }

  publishSys(message: StoredMessage): void {
    this.publish(message, null, false);
  }

  /**
   * Open the persistence, rebuild sessions, subscriptions, queues, inbound QoS 2 ids and retained
   * messages from it, publish the wills of connections the last process did not close (it died),
   * then start $SYS.
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`Broker.start() called in state ${this.state}`);
    this.state = 'starting';
    await this.persistence.open();
    const state = await this.persistence.load();
    const sessions = this.registry.sessions;
    // sessions another node owns now are not adopted (session-directory.ts)
    for (const r of state.sessions) await this.registry.adopt(r.clientId, r.protocolVersion, r.createdAt);
    for (const s of state.subscriptions) {
      const session = sessions.get(s.clientId);
      if (session) this.registry.restoreSubscription(session, s.filter, s.qos);
    }
    // queued and inflight messages in delivery order, inbound QoS 2 ids (sessions not adopted are skipped)
    for (const o of [...state.outbound].sort((x, y) => x.seq - y.seq)) this.registry.restoreOutbound(o);
    for (const i of state.inbound) this.registry.restoreInbound(i.clientId, i.packetId);
    for (const m of state.retained) this.retained.set(m);
    this.startedAt = this.clock.now();
    // A stored will belongs to a connection the previous process never closed: it ended without
    // DISCONNECT, so the will is published now [MQTT-3.1.2-8], then removed [MQTT-3.1.2-10] - but only
    // when nobody else has claimed the client id since (a cluster node may have taken it over).
    for (const w of state.wills) {
      if (!this.registry.mayRecoverWill(w.clientId)) continue;
      this.registry.forgetWill(w.clientId);
      if (!this.authorizer.canPublish(w.clientId, undefined, w.message.topic)) continue;
      this.publish({ ...w.message, receivedAt: this.startedAt }, null);
    }
    if (this.options.metricsPort !== undefined) {
      this.metricsServer = await startMetricsServer({
        registry: createBrokerMetrics(this),
        port: this.options.metricsPort,
        ...(this.options.metricsHost !== undefined ? { host: this.options.metricsHost } : {}),
        logger: this.logger,
      });
    }
    this.state = 'running';
    this.sys.start();
    this.logger.log('info', 'broker-started', {
      version: this.version,
      persistence: this.persistence.kind,
      sessions: this.sessions.size,
      retained: this.retained.size,
      subscriptions: this.trie.size,
    });
  }

  handle(stream: Duplex, meta: ConnectionMeta): void {
    if (this.state !== 'running') {
      this.logger.log('warn', 'connection-refused', { reason: `broker ${this.state}`, transport: meta.transport });
      stream.destroy();
      if (this.state === 'new' || this.state === 'starting') throw new BrokerNotStartedError();
      return;
    }
    if (this.connections.size >= this.limits.maxConnections) {
      this.logger.log('warn', 'connection-refused', {
        reason: 'max-connections',
        maxConnections: this.limits.maxConnections,
        transport: meta.transport,
        remoteAddress: meta.remoteAddress,
      });
      stream.destroy();
      return;
    }
    this.connections.add(new Connection(this, stream, meta));
  }

  /**
   * Stop accepting, close every connection without publishing wills (their stored wills are removed
   * too, so a restart does not publish them), stop $SYS, flush and close the persistence.
   */
  async close(): Promise<void> {
    if (this.state === 'closed' || this.state === 'closing') return;
    this.state = 'closing';
    this.sys.stop();
    for (const conn of [...this.connections]) {
      if (conn.will !== null) {
        conn.will = null;
        this.registry.forgetWill(conn.clientId);
      }
      conn.close({ reason: 'broker-closing', publishWill: false, level: 'debug' });
    }
    await this.metricsServer?.close();
    await this.persistence.flush();
    await this.persistence.close();
    this.state = 'closed';
    this.logger.log('info', 'broker-closed', {});
  }

  /** The metrics endpoint (http://host:port/metrics) when metricsPort is set. */
  get metricsUrl(): string | undefined {
    return this.metricsServer?.url;
  }

  /** The options the broker was built with (read-only view for listeners and tests). */
  get config(): Readonly<BrokerOptions> {
    return this.options;
  }
}
