// Subscribe, unsubscribe and topic faults against mosquitto: each does what it says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ISubackPacket } from 'mqtt-packet';
import { findFault } from './faults/index.ts';
import { hashWithoutParent } from './faults/hash-excludes-parent.ts';
import { leakTopicFor } from './faults/leak-dollar-topic.ts';
import { normalizeFilter } from './faults/normalize-filters.ts';
import { plusToHash } from './faults/plus-matches-many-levels.ts';
import { stubConnection } from './testing/stub-context.ts';
import { useMosquitto, unique } from './testing/fixture.ts';
import { RawClient } from './testing/raw-client.ts';

const fx = useMosquitto();

test('no-suback: SUBSCRIBE is never acknowledged', async () => {
  const { client } = await RawClient.connect((await fx.proxy('no-suback')).port);
  client.send({ cmd: 'subscribe', messageId: 4, subscriptions: [{ topic: unique('ns'), qos: 1 }] });
  assert.deepEqual(await client.drain(), []);
  client.destroy();
});

test('reverse-suback-codes: return codes come back in reverse order', async () => {
  const { client } = await RawClient.connect((await fx.proxy('reverse-suback-codes')).port);
  const t = unique('rs');
  client.send({ cmd: 'subscribe', messageId: 5, subscriptions: [{ topic: `${t}/0`, qos: 0 }, { topic: `${t}/1`, qos: 1 }, { topic: `${t}/2`, qos: 2 }] });
  const suback = await client.expect('suback');
  assert.equal(suback.messageId, 5);
  assert.deepEqual(suback.granted, [2, 1, 0]);
  client.destroy();
});

test('grant-denied-subscribe: a refused subscription (0x80) is reported granted at QoS 0', () => {
  // mosquitto 2.0.11 grants ACL-denied subscriptions (it filters at delivery), so no real broker here
  // sends 0x80: the hook is driven directly.
  const stub = stubConnection(findFault('grant-denied-subscribe'));
  const suback: ISubackPacket = { cmd: 'suback', messageId: 6, granted: [1, 0x80, 2] };
  const out = stub.decode(stub.fromBroker(suback), suback);
  assert.equal(out.length, 1);
  assert.equal(out[0]?.cmd, 'suback');
  assert.deepEqual((out[0] as ISubackPacket).granted, [1, 0, 2]);
  assert.equal(out[0]?.messageId, 6);
  const fine: ISubackPacket = { cmd: 'suback', messageId: 7, granted: [1] };
  assert.equal(stub.fromBroker(fine), undefined, 'a SUBACK without failures passes byte-exact');
  assert.equal(stub.applied.length, 1);
});

test('ignore-unsubscribe: UNSUBACK arrives but messages keep flowing', async () => {
  const proxy = await fx.proxy('ignore-unsubscribe');
  const topic = unique('iu');
  const { client } = await RawClient.connect(proxy.port);
  client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] });
  await client.expect('suback');
  client.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: [topic] });
  assert.equal((await client.expect('unsuback')).messageId, 2);
  client.send({ cmd: 'publish', topic, payload: Buffer.from('after'), qos: 0, dup: false, retain: false });
  assert.equal((await client.expect('publish')).payload.toString(), 'after');
  client.destroy();
});

test('no-unsuback: UNSUBSCRIBE is never acknowledged', async () => {
  const { client } = await RawClient.connect((await fx.proxy('no-unsuback')).port);
  client.send({ cmd: 'unsubscribe', messageId: 9, unsubscriptions: [unique('nu')] });
  assert.deepEqual(await client.drain(), []);
  client.destroy();
});

test('leak-dollar-topic: # and +/… subscribers get $SYS/… and $… publishes', async () => {
  assert.equal(leakTopicFor('#'), '$SYS/leak');
  assert.equal(leakTopicFor('+/a/+/#'), '$SYS/a/leak/leak');
  const proxy = await fx.proxy('leak-dollar-topic');
  const prefix = unique('leak');
  const { client: sub } = await RawClient.connect(proxy.port);
  sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `+/${prefix}/#`, qos: 0 }] });
  await sub.expect('suback');
  assert.equal((await sub.expect('publish')).topic, `$SYS/${prefix}/leak`);
  const { client: pub } = await RawClient.connect(proxy.port);
  pub.send({ cmd: 'publish', topic: `$app/${prefix}/x`, payload: Buffer.from('secret'), qos: 0, dup: false, retain: false });
  const leaked = await sub.expect('publish');
  assert.equal(leaked.topic, `$app/${prefix}/x`);
  assert.equal(leaked.payload.toString(), 'secret');
  sub.destroy();
  pub.destroy();
});

test('wrong-suback-id: the SUBACK carries another Packet Identifier', async () => {
  const { client } = await RawClient.connect((await fx.proxy('wrong-suback-id')).port);
  client.send({ cmd: 'subscribe', messageId: 4660, subscriptions: [{ topic: unique('ws'), qos: 0 }] });
  assert.equal((await client.expect('suback')).messageId, 4661);
  client.destroy();
});

test('plus-matches-many-levels and hash-excludes-parent: the broker matches with a rewritten filter', async () => {
  assert.equal(plusToHash('news/+'), 'news/#');
  assert.equal(plusToHash('+'), '+');
  assert.equal(plusToHash('a/+/b'), 'a/+/b');
  assert.equal(hashWithoutParent('news/#'), 'news/+/#');
  assert.equal(hashWithoutParent('#'), '#');
  const t = unique('match');
  const plus = await RawClient.connect((await fx.proxy('plus-matches-many-levels')).port);
  plus.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `${t}/+`, qos: 0 }] });
  await plus.client.expect('suback');
  const hash = await RawClient.connect((await fx.proxy('hash-excludes-parent')).port);
  hash.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `${t}/#`, qos: 0 }] });
  await hash.client.expect('suback');
  const { client: pub } = await RawClient.connect(fx.broker.ports.open);
  for (const topic of [t, `${t}/a/b`, `${t}/c`]) pub.send({ cmd: 'publish', topic, payload: Buffer.from(topic), qos: 0, dup: false, retain: false });
  const plusGot = [await plus.client.expect('publish'), await plus.client.expect('publish'), await plus.client.expect('publish')].map((p) => p.topic);
  assert.deepEqual(plusGot, [t, `${t}/a/b`, `${t}/c`], '+ matched no level and two levels');
  const hashGot = [await hash.client.expect('publish'), await hash.client.expect('publish')].map((p) => p.topic);
  assert.deepEqual(hashGot, [`${t}/a/b`, `${t}/c`], '# missed its parent level');
  plus.client.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: [`${t}/+`] });
  await plus.client.expect('unsuback');
  pub.send({ cmd: 'publish', topic: `${t}/c`, payload: Buffer.from('late'), qos: 0, dup: false, retain: false });
  assert.deepEqual(await plus.client.drain(), [], 'the UNSUBSCRIBE was rewritten the same way');
  for (const c of [plus.client, hash.client, pub]) c.destroy();
});

test('first-filter-only, first-unsubscribe-only and grant-max-qos act on multi-filter packets and granted codes', async () => {
  const t = unique('multi');
  const first = await RawClient.connect((await fx.proxy('first-filter-only')).port);
  first.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `${t}/a`, qos: 0 }, { topic: `${t}/b`, qos: 1 }] });
  assert.deepEqual((await first.client.expect('suback')).granted, [0], 'the broker saw one filter');
  first.client.destroy();

  const unsub = await RawClient.connect((await fx.proxy('first-unsubscribe-only')).port);
  unsub.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `${t}/a`, qos: 0 }, { topic: `${t}/b`, qos: 0 }] });
  await unsub.client.expect('suback');
  unsub.client.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: [`${t}/a`, `${t}/b`] });
  await unsub.client.expect('unsuback');
  unsub.client.send({ cmd: 'publish', topic: `${t}/b`, payload: Buffer.from('still'), qos: 0, dup: false, retain: false });
  assert.equal((await unsub.client.expect('publish')).topic, `${t}/b`, 'the second filter stayed subscribed');
  unsub.client.destroy();

  const max = await RawClient.connect((await fx.proxy('grant-max-qos')).port);
  max.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `${t}/a`, qos: 0 }, { topic: `${t}/b`, qos: 1 }] });
  assert.deepEqual((await max.client.expect('suback')).granted, [2, 2]);
  max.client.destroy();
});

test('normalize-filters: the broker is subscribed to a lower-cased filter without outer slashes', async () => {
  assert.equal(normalizeFilter('/News/Today/'), 'news/today');
  assert.equal(normalizeFilter('/'), '/');
  assert.equal(normalizeFilter('#'), '#');
  const t = unique('norm');
  const { client } = await RawClient.connect((await fx.proxy('normalize-filters')).port);
  client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `/${t.toUpperCase()}/`, qos: 0 }] });
  await client.expect('suback');
  client.send({ cmd: 'publish', topic: t, payload: Buffer.from('x'), qos: 0, dup: false, retain: false });
  assert.equal((await client.expect('publish')).topic, t, 'a topic the client never subscribed to is delivered');
  client.destroy();
});
