// Shared by the crash tests (SQLite and MySQL): deadlines, and a subscriber that collects what it is sent.
import assert from 'node:assert/strict';
import { connect, connectAsync } from 'mqtt';
import type { IClientOptions, IConnackPacket, MqttClient } from 'mqtt';
import { spawnBroker } from '../cli/spawn-broker.ts';
import type { SpawnedBroker } from '../cli/spawn-broker.ts';

export function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); })]).finally(() => clearTimeout(timer));
}

export const base: IClientOptions = { reconnectPeriod: 0, connectTimeout: 5000, protocolVersion: 4 };

/** Connects with a 'message' handler attached before CONNECT, so queued messages sent right after CONNACK are seen. */
export function connectCollecting(url: string, options: IClientOptions): Promise<{ client: MqttClient; connack: IConnackPacket; payloads: string[]; dups: number; waitFor: (n: number, ms: number) => Promise<void> }> {
  const payloads: string[] = [];
  let dups = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const client = connect(url, { ...base, ...options });
  client.on('message', (_topic, payload, packet) => {
    payloads.push(payload.toString());
    if (packet.dup) dups++;
    for (const w of waiters.splice(0)) {
      if (payloads.length >= w.n) w.resolve();
      else waiters.push(w);
    }
  });
  return within(5000, `connect ${options.clientId}`, new Promise((resolve, reject) => {
    client.once('connect', (connack) => resolve({
      client, connack, payloads,
      get dups() { return dups; },
      waitFor: (n, ms) => within(ms, `${n} messages (have ${payloads.length})`, new Promise<void>((r) => { if (payloads.length >= n) r(); else waiters.push({ n, resolve: r }); })),
    }));
    client.once('error', reject);
  }));
}

/**
 * The durability check of every store: a persistent session subscribes and goes offline, `messages`
 * QoS 1 publishes are all PUBACKed, the broker is SIGKILLed right after the last PUBACK (nothing
 * flushed on purpose), restarted with the same `args`, and every message must reach the session,
 * in publish order, with sessionPresent=1.
 */
export async function ackedSurviveBrokerKill(args: readonly string[], options: { messages: number; tag: string }): Promise<{ summary: string }> {
  const { messages, tag } = options;
  let broker: SpawnedBroker | undefined = await spawnBroker(args);
  try {
    const url = broker.urls[0]!;
    const topic = `crash/${tag}/durable`;
    const subId = `crash-${tag}-sub`;
    const sub = await within(5000, 'subscriber connect', connectAsync(url, { ...base, clientId: subId, clean: false }));
    assert.deepEqual((await sub.subscribeAsync(topic, { qos: 1 }))[0]?.qos, 1);
    await sub.endAsync();

    const pub = await within(5000, 'publisher connect', connectAsync(url, { ...base, clientId: `crash-${tag}-pub`, clean: true }));
    const started = performance.now();
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < messages; i++) acks.push(pub.publishAsync(topic, String(i), { qos: 1 }));
    await within(60_000, `${messages} PUBACKs`, Promise.all(acks));
    broker.child.kill('SIGKILL'); // right after the last PUBACK, nothing flushed on purpose
    const publishMs = performance.now() - started;
    const killed = await broker.exited;
    assert.equal(killed.signal, 'SIGKILL');
    pub.end(true);
    broker = undefined;

    broker = await spawnBroker(args);
    const started2 = performance.now();
    const again = await connectCollecting(broker.urls[0]!, { clientId: subId, clean: false });
    assert.equal(again.connack.sessionPresent, true, 'sessionPresent=1 after restart');
    await again.waitFor(messages, 60_000);
    const unique = new Set(again.payloads);
    assert.equal(unique.size, messages, 'every acknowledged message delivered');
    for (let i = 0; i < messages; i++) assert.ok(unique.has(String(i)), `message ${i} delivered`);
    const firstSeen = [...unique].map(Number);
    assert.deepEqual(firstSeen, [...firstSeen].sort((a, b) => a - b), 'delivered in publish order');
    await again.client.endAsync();
    return {
      summary: `publish+ack ${messages} QoS 1: ${publishMs.toFixed(0)} ms; all redelivered after restart in ${(performance.now() - started2).toFixed(0)} ms; duplicates ${again.payloads.length - messages}`,
    };
  } finally {
    if (broker) assert.equal((await broker.stop()).code, 0);
  }
}
