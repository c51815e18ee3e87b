// The broker's Prometheus metrics (prom-client), in a registry of their own so that several brokers
// in one process do not share them. Values are read from the broker's counters at scrape time
// (nothing is added to the hot paths), except the commit latency histogram, fed by the core's
// onCommitLatency hook. Process metrics (memory, CPU, event loop lag) are included.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BrokerCounters } from '../core/broker-core.ts';

/** What the metrics read from a broker (Broker implements it). */
export interface MetricsSource {
  readonly counters: BrokerCounters;
  readonly connectionCount: number;
  readonly connectedClients: number;
  readonly sessions: ReadonlyMap<string, { readonly queue: { readonly length: number }; readonly inflight: { readonly size: number } }>;
  readonly inputBudget: { readonly total: number };
  onCommitLatency: ((seconds: number) => void) | null;
}

const QOS = ['0', '1', '2'] as const;

function total(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name, help, registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

function byQos(registry: Registry, name: string, help: string, read: () => readonly number[]): void {
  new Counter({
    name, help, labelNames: ['qos'], registers: [registry],
    collect() {
      this.reset();
      const values = read();
      for (const q of QOS) this.inc({ qos: q }, values[Number(q)]!);
    },
  });
}

function gauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
}

export function createBrokerMetrics(broker: MetricsSource, options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  const c = broker.counters;
  gauge(registry, 'mqtt_connections', 'Open network connections (with or without CONNECT).', () => broker.connectionCount);
  gauge(registry, 'mqtt_clients_connected', 'Clients connected (CONNECT accepted).', () => broker.connectedClients);
  gauge(registry, 'mqtt_sessions', 'Sessions held, connected or not.', () => broker.sessions.size);
  let queued = 0;
  let inflight = 0;
  let deepest = 0;
  const scanQueues = (): void => {
    queued = 0;
    inflight = 0;
    deepest = 0;
    for (const s of broker.sessions.values()) {
      queued += s.queue.length;
      inflight += s.inflight.size;
      if (s.queue.length > deepest) deepest = s.queue.length;
    }
  };
  new Gauge({ name: 'mqtt_queue_depth', help: 'Messages queued for all sessions (not yet sent).', registers: [registry], collect() { scanQueues(); this.set(queued); } });
  gauge(registry, 'mqtt_queue_depth_max', 'Messages queued for the session with the longest queue.', () => deepest);
  gauge(registry, 'mqtt_inflight', 'QoS 1/2 messages sent and not yet acknowledged, all sessions.', () => inflight);
  gauge(registry, 'mqtt_input_buffered_bytes', 'Bytes of partially received packets, all connections.', () => broker.inputBudget.total);
  byQos(registry, 'mqtt_messages_received_total', 'PUBLISH packets received from clients, by QoS.', () => c.receivedByQos);
  byQos(registry, 'mqtt_messages_sent_total', 'PUBLISH packets sent to clients (retransmissions included), by delivered QoS.', () => c.sentByQos);
  new Counter({
    name: 'mqtt_messages_dropped_total', help: 'Messages not delivered to a session, by cause.', labelNames: ['cause'], registers: [registry],
    collect() {
      this.reset();
      this.inc({ cause: 'queue-full' }, c.droppedQueueFull);
      this.inc({ cause: 'qos0-backlog' }, c.droppedQos0Backlog);
    },
  });
  total(registry, 'mqtt_read_denied_total', 'Messages not sent to a client because its read ACL denies the topic.', () => c.readDenied);
  total(registry, 'mqtt_slow_consumers_total', 'Sessions found to be slow consumers.', () => c.slowConsumers);
  total(registry, 'mqtt_auth_failures_total', 'CONNECTs refused for bad credentials or not authorized.', () => c.authFailures);
  total(registry, 'mqtt_auth_busy_total', 'CONNECTs refused at once because too many password checks were running.', () => c.authBusy);
  total(registry, 'mqtt_input_budget_evictions_total', 'Connections closed because partial packets exceeded the input budget.', () => c.inputBudgetEvictions);
  const commit = new Histogram({
    name: 'mqtt_persistence_commit_seconds',
    help: 'From a QoS 1/2 PUBLISH to the moment what it waited on is durable (then it is acknowledged).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  broker.onCommitLatency = (seconds) => commit.observe(seconds);
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return registry;
}
