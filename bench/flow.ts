// One publish/subscribe measurement: 1 publisher -> S subscribers, N messages, at most W messages
// (per subscriber) in flight end to end. Throughput = deliveries / (first write -> last delivery);
// latency = delivery time - write time of the batch that carried the message (latency under load).
import { performance } from 'node:perf_hooks';
import { RawClient, withDeadline } from './client.ts';
import { encodePublishStream, puback } from './wire.ts';

export interface FlowOptions {
  port: number;
  qos: 0 | 1;
  subscribers: number;
  messages: number;
  /** Max messages per subscriber written but not yet delivered. */
  window: number;
  /** Messages per write. */
  batch: number;
  /** Subscribers use persistent sessions (cleanSession=0, fixed client ids) instead of clean ones. */
  persistent: boolean;
  deadlineMs: number;
  /** Unique per measurement: topic prefix and client ids. */
  tag: string;
}

export interface FlowResult {
  delivered: number;
  expected: number;
  seconds: number;
  msgPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** PUBACKs the publisher received (QoS 1). */
  pubacks: number;
  timedOut: boolean;
}

export async function runFlow(o: FlowOptions): Promise<FlowResult> {
  const topic = `bench/${o.tag}/t`;
  const subIds = Array.from({ length: o.subscribers }, (_, i) => `${o.tag}-s${i}`);
  if (o.persistent) await wipeSessions(o.port, subIds); // start from an empty session
  const subs = await connectAll(o.port, subIds, !o.persistent);
  const clients: RawClient[] = [...subs];
  try {
    await Promise.all(subs.map((s) => s.subscribe(topic, o.qos)));
    const pub = await RawClient.connect(o.port, `${o.tag}-pub`, true);
    clients.push(pub);
    const stream = encodePublishStream(topic, o.qos, o.messages);
    const expected = o.messages * o.subscribers;
    const sentAt = new Float64Array(o.messages);
    const latencies = new Float64Array(expected);
    let delivered = 0;
    let sent = 0;
    let pubacks = 0;
    let writable = true;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    let lastDelivery = 0;

    const pump = (): void => {
      if (!writable) return;
      while (sent < o.messages) {
        const inFlight = sent - Math.floor(delivered / o.subscribers);
        const room = o.window - inFlight;
        if (room < Math.min(o.batch, o.messages - sent)) return; // wait for deliveries
        const n = Math.min(o.batch, o.messages - sent);
        const now = performance.now();
        sentAt.fill(now, sent, sent + n);
        const ok = pub.write(stream.bytes.subarray(sent * stream.size, (sent + n) * stream.size));
        sent += n;
        if (!ok) {
          writable = false;
          pub.socket.once('drain', () => {
            writable = true;
            pump();
          });
          return;
        }
      }
    };

    pub.onPuback = () => {
      pubacks++;
    };
    for (const s of subs) {
      s.onPublish = (qos, packetId, seq) => {
        const now = performance.now();
        if (seq >= 0 && seq < o.messages) latencies[delivered] = now - sentAt[seq]!;
        delivered++;
        lastDelivery = now;
        if (qos === 1) s.write(puback(packetId));
        if (delivered === expected) resolveDone();
        else if (delivered % o.subscribers === 0) pump();
      };
    }

    const start = performance.now();
    pump();
    let timedOut = false;
    await withDeadline(done, o.deadlineMs, 'flow').catch(() => (timedOut = true));
    const seconds = ((delivered === 0 ? performance.now() : lastDelivery) - start) / 1000;
    const lat = latencies.subarray(0, delivered).sort();
    return {
      delivered,
      expected,
      seconds,
      msgPerSec: seconds > 0 ? Math.round(delivered / seconds) : 0,
      p50Ms: percentile(lat, 0.5),
      p99Ms: percentile(lat, 0.99),
      pubacks,
      timedOut,
    };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    if (o.persistent) await wipeSessions(o.port, subIds);
  }
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.floor(q * sorted.length));
  return Math.round(sorted[i]! * 1000) / 1000;
}

/** Connects with cleanSession=1 and disconnects, which discards any stored session of these ids. */
async function wipeSessions(port: number, ids: readonly string[]): Promise<void> {
  const clients = await connectAll(port, ids, true);
  await Promise.all(clients.map((c) => c.close()));
}

async function connectAll(port: number, ids: readonly string[], clean: boolean): Promise<RawClient[]> {
  const out: RawClient[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    out.push(...(await Promise.all(ids.slice(i, i + 50).map((id) => RawClient.connect(port, id, clean)))));
  }
  return out;
}
