// The Prometheus endpoint, scraped over HTTP while clients connect, publish, queue, fail to
// authenticate and are denied reads: every metric named in the README moves with what happened.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import { Broker } from '../core/broker.ts';
import { MemoryPersistence } from '../persistence/memory/index.ts';
import { duplexPair, ArrayLogger, ManualClock, RawClient, TestAuthorizer, testLimits } from './doubles.ts';
import type { TestBroker } from './doubles.ts';

async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const values = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) values.set(m[1]!, Number(m[2]));
  }
  return values;
}

describe('metrics endpoint', () => {
  it('serves connections, messages by QoS, queue depth, drops, auth failures, read denials and commit latency', async () => {
    const clock = new ManualClock();
    const logger = new ArrayLogger();
    const authorizer = new TestAuthorizer();
    authorizer.denyRead = (_c, _u, topic) => topic === 'm/secret';
    const broker = new Broker({
      persistence: new MemoryPersistence(), authorizer, clock, logger, sysIntervalMs: 0, version: 'test',
      limits: testLimits({ maxQueued: 4, authBackoffBaseMs: 0 }), metricsPort: 0,
    });
    await broker.start();
    const tb: TestBroker = { broker, clock, logger, authorizer, persistence: broker.persistence };
    try {
      const url = broker.metricsUrl!;
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const before = await scrape(url);
      assert.equal(before.get('mqtt_connections'), 0);
      assert.equal(before.get('mqtt_messages_received_total{qos="1"}'), 0);
      assert.ok((before.get('process_resident_memory_bytes') ?? 0) > 0, 'process metrics included');

      const sub = RawClient.attach(tb);
      await sub.connect({ clientId: 'sub' });
      sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'm/#', qos: 1 }] } as Packet);
      await sub.next('suback');
      const offline = RawClient.attach(tb);
      await offline.connect({ clientId: 'offline', clean: false });
      offline.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'm/q', qos: 1 }] } as Packet);
      await offline.next('suback');
      offline.send({ cmd: 'disconnect' } as Packet);
      await offline.waitClosed();
      const pub = RawClient.attach(tb);
      await pub.connect({ clientId: 'pub' });
      pub.send({ cmd: 'publish', topic: 'm/a', payload: Buffer.from('0'), qos: 0, retain: false, dup: false } as Packet);
      for (let i = 1; i <= 6; i++) pub.send({ cmd: 'publish', topic: 'm/q', payload: Buffer.from(String(i)), qos: 1, messageId: i, retain: false, dup: false } as Packet);
      pub.send({ cmd: 'publish', topic: 'm/secret', payload: Buffer.from('s'), qos: 1, messageId: 7, retain: false, dup: false } as Packet);
      for (let i = 1; i <= 7; i++) await pub.next('puback');
      await sub.next('publish');
      authorizer.result = 'bad-credentials';
      const bad = RawClient.attach(tb);
      assert.equal((await bad.connect({ clientId: 'bad', username: 'u', password: Buffer.from('x') })).returnCode, 4);

      const after = await scrape(url);
      assert.equal(after.get('mqtt_connections'), 2, 'sub and pub are open');
      assert.equal(after.get('mqtt_clients_connected'), 2);
      assert.equal(after.get('mqtt_sessions'), 3, 'the offline session is kept');
      assert.equal(after.get('mqtt_messages_received_total{qos="0"}'), 1);
      assert.equal(after.get('mqtt_messages_received_total{qos="1"}'), 7);
      assert.equal(after.get('mqtt_messages_sent_total{qos="0"}'), 1);
      assert.equal(after.get('mqtt_messages_sent_total{qos="1"}'), 6, 'm/q six times to sub, m/secret denied');
      assert.equal(after.get('mqtt_queue_depth'), 4, 'the offline session queued up to maxQueued');
      assert.equal(after.get('mqtt_queue_depth_max'), 4);
      assert.equal(after.get('mqtt_messages_dropped_total{cause="queue-full"}'), 2);
      assert.equal(after.get('mqtt_read_denied_total'), 1);
      assert.equal(after.get('mqtt_auth_failures_total'), 1);
      const commits = after.get('mqtt_persistence_commit_seconds_count') ?? 0;
      assert.ok(commits >= 4 && commits <= 7, `the PUBLISHes queued for the persistent session waited on their writes (${commits})`);
      const notFound = await fetch(url.replace('/metrics', '/other'));
      assert.equal(notFound.status, 404);
      await notFound.text();
    } finally {
      await broker.close();
    }
    await assert.rejects(fetch(broker.metricsUrl ?? 'http://127.0.0.1:1/metrics'), 'closed with the broker');
  });
});
