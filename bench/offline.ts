// QoS 1 to a persistent session whose subscriber is OFFLINE, then draining: the subscriber subscribes with
// cleanSession=0 and disconnects; the publisher sends N QoS 1 messages (at most `window` unacknowledged);
// then the subscriber reconnects and receives the stored messages.
// - store rate: N / (first PUBLISH -> last PUBACK): how fast the broker takes messages for an offline
//   session (for the reference broker: each one durable in SQLite before its PUBACK);
// - drain rate: N / (reconnect -> last delivery).
import { performance } from 'node:perf_hooks';
import { RawClient, withDeadline } from './client.ts';
import { encodePublishStream, puback } from './wire.ts';

export interface OfflineOptions {
  port: number;
  messages: number;
  window: number;
  batch: number;
  deadlineMs: number;
  tag: string;
}

export interface OfflineResult {
  stored: number;
  storePerSec: number;
  drained: number;
  drainPerSec: number;
  expected: number;
  timedOut: boolean;
}

export async function runOffline(o: OfflineOptions): Promise<OfflineResult> {
  const topic = `bench/${o.tag}/t`;
  const subId = `${o.tag}-s`;
  const clients: RawClient[] = [];
  let timedOut = false;
  try {
    await (await RawClient.connect(o.port, subId, true)).close(); // wipe
    const first = await RawClient.connect(o.port, subId, false);
    await first.subscribe(topic, 1);
    await first.close();

    const pub = await RawClient.connect(o.port, `${o.tag}-pub`, true);
    clients.push(pub);
    const stream = encodePublishStream(topic, 1, o.messages);
    let sent = 0;
    let acked = 0;
    let lastAck = 0;
    let resolveStored!: () => void;
    const stored = new Promise<void>((r) => (resolveStored = r));
    const pump = (): void => {
      while (sent < o.messages && sent - acked + Math.min(o.batch, o.messages - sent) <= o.window) {
        const n = Math.min(o.batch, o.messages - sent);
        pub.write(stream.bytes.subarray(sent * stream.size, (sent + n) * stream.size));
        sent += n;
      }
    };
    pub.onPuback = () => {
      acked++;
      lastAck = performance.now();
      if (acked === o.messages) resolveStored();
      else pump();
    };
    const storeStart = performance.now();
    pump();
    await withDeadline(stored, o.deadlineMs, 'store').catch(() => (timedOut = true));
    const storeSeconds = ((acked > 0 ? lastAck : performance.now()) - storeStart) / 1000;

    let drained = 0;
    let lastDelivery = 0;
    let resolveDrained!: () => void;
    const allDrained = new Promise<void>((r) => (resolveDrained = r));
    const drainStart = performance.now();
    const sub = await RawClient.connect(o.port, subId, false, 10_000, undefined, (c) => {
      c.onPublish = (qos, packetId) => {
        drained++;
        lastDelivery = performance.now();
        if (qos === 1) c.write(puback(packetId));
        if (drained === acked) resolveDrained();
      };
    });
    clients.push(sub);
    if (acked > 0) await withDeadline(allDrained, o.deadlineMs, 'drain').catch(() => (timedOut = true));
    const drainSeconds = ((drained > 0 ? lastDelivery : performance.now()) - drainStart) / 1000;
    return {
      stored: acked,
      storePerSec: storeSeconds > 0 ? Math.round(acked / storeSeconds) : 0,
      drained,
      drainPerSec: drainSeconds > 0 ? Math.round(drained / drainSeconds) : 0,
      expected: o.messages,
      timedOut,
    };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await (await RawClient.connect(o.port, subId, true)).close().catch(() => undefined); // wipe
  }
}
