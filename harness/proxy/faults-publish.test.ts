// Publish, QoS and retain faults against mosquitto: each does what it says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IPublishPacket, QoS } from 'mqtt-packet';
import { useMosquitto, unique } from './testing/fixture.ts';
import { RawClient } from './testing/raw-client.ts';

const fx = useMosquitto();

function publish(topic: string, qos: QoS, extra: Partial<IPublishPacket> = {}): IPublishPacket {
  return { cmd: 'publish', topic, payload: Buffer.from(`m-${topic}`), qos, dup: false, retain: false, ...(qos > 0 ? { messageId: 77 } : {}), ...extra };
}

/** A subscriber through the proxy, subscribed to `topic` at `qos`. */
async function subscriber(port: number, topic: string, qos: QoS, clientId?: string, clean = true): Promise<RawClient> {
  const { client } = await RawClient.connect(port, clientId === undefined ? {} : { clientId, clean });
  client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos }] });
  await client.expect('suback');
  return client;
}

/** Publishes directly to mosquitto (no proxy) and completes the handshake. */
async function publishDirect(port: number, packet: IPublishPacket): Promise<void> {
  const { client } = await RawClient.connect(port);
  client.send(packet);
  if (packet.qos === 1) await client.expect('puback');
  if (packet.qos === 2) {
    await client.expect('pubrec');
    client.send({ cmd: 'pubrel', messageId: packet.messageId as number });
    await client.expect('pubcomp');
  }
  client.send({ cmd: 'disconnect' });
  await client.closed;
}

test('raise-qos: a QoS 0 message arrives as QoS 1 with a proxy Packet Identifier; its PUBACK goes nowhere', async () => {
  const proxy = await fx.proxy('raise-qos');
  const topic = unique('raise');
  const sub = await subscriber(proxy.port, topic, 1);
  await publishDirect(fx.broker.ports.open, publish(topic, 0));
  const got = await sub.expect('publish');
  assert.equal(got.qos, 1);
  assert.ok((got.messageId ?? 0) >= 60000);
  sub.send({ cmd: 'puback', messageId: got.messageId as number });
  assert.deepEqual(await sub.drain(), []);
  sub.destroy();
});

test('lower-qos: QoS 1 and QoS 2 messages arrive as QoS 0 and the broker\'s handshakes still complete', async () => {
  const proxy = await fx.proxy('lower-qos');
  const topic = unique('lower');
  const sub = await subscriber(proxy.port, topic, 2);
  for (let i = 0; i < 3; i++) {
    await publishDirect(fx.broker.ports.open, publish(topic, 1));
    await publishDirect(fx.broker.ports.open, publish(topic, 2));
  }
  const got = [];
  for (let i = 0; i < 6; i++) got.push(await sub.expect('publish'));
  assert.deepEqual(got.map((p) => p.qos), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(await sub.drain(), [], 'no PUBREL leaks to the client: the proxy completed QoS 2 upstream');
  sub.destroy();
});

test('swallow-puback: a QoS 1 PUBLISH is never acknowledged', async () => {
  const proxy = await fx.proxy('swallow-puback');
  const { client } = await RawClient.connect(proxy.port);
  client.send(publish(unique('sp'), 1));
  assert.deepEqual(await client.drain(), []);
  client.destroy();
});

test('swallow-pubcomp: PUBREC arrives but the PUBREL is never completed', async () => {
  const proxy = await fx.proxy('swallow-pubcomp');
  const { client } = await RawClient.connect(proxy.port);
  client.send(publish(unique('spc'), 2));
  assert.equal((await client.expect('pubrec')).messageId, 77);
  client.send({ cmd: 'pubrel', messageId: 77 });
  assert.deepEqual(await client.drain(), []);
  client.destroy();
});

test('set-dup-on-qos0 and set-dup-on-first-delivery: DUP=1 on first deliveries', async () => {
  for (const [fault, qos] of [['set-dup-on-qos0', 0], ['set-dup-on-first-delivery', 1]] as const) {
    const proxy = await fx.proxy(fault);
    const topic = unique('dup');
    const sub = await subscriber(proxy.port, topic, qos);
    await publishDirect(fx.broker.ports.open, publish(topic, qos));
    const got = await sub.expect('publish');
    assert.equal(got.dup, true, fault);
    assert.equal(got.qos, qos);
    sub.destroy();
  }
});

test('clear-dup-on-redelivery: a re-sent unacknowledged message arrives with DUP=0', async () => {
  const proxy = await fx.proxy('clear-dup-on-redelivery');
  const topic = unique('redeliver');
  const clientId = unique('redeliver-client');
  const sub = await subscriber(proxy.port, topic, 1, clientId, false);
  await publishDirect(fx.broker.ports.open, publish(topic, 1));
  const first = await sub.expect('publish');
  assert.equal(first.dup, false);
  sub.destroy(); // no PUBACK
  await sub.closed;
  const { client, connack } = await RawClient.connect(proxy.port, { clientId, clean: false });
  assert.equal(connack.sessionPresent, true);
  const again = await client.expect('publish');
  assert.equal(again.messageId, first.messageId, 'the same message, re-sent');
  assert.equal(again.dup, false, 'mosquitto set DUP=1; the proxy cleared it');
  assert.match(proxy.log[0]?.detail ?? '', /cleared DUP/);
  client.destroy();
});

test('reorder-publishes: two consecutive messages arrive swapped', async () => {
  const proxy = await fx.proxy('reorder-publishes');
  const topic = unique('order');
  const sub = await subscriber(proxy.port, topic, 1);
  const { client: pub } = await RawClient.connect(fx.broker.ports.open);
  for (let i = 1; i <= 4; i++) pub.send(publish(topic, 1, { messageId: i, payload: Buffer.from(String(i)) }));
  const got = [];
  for (let i = 0; i < 4; i++) {
    const p = await sub.expect('publish');
    got.push(p.payload.toString());
    sub.send({ cmd: 'puback', messageId: p.messageId as number });
  }
  assert.notDeepEqual(got, ['1', '2', '3', '4']);
  assert.deepEqual([...got].sort(), ['1', '2', '3', '4'], 'nothing lost');
  pub.destroy();
  sub.destroy();
});

test('clear-retain-flag, set-retain-flag and drop-retained act on the RETAIN flag', async () => {
  const topic = unique('retain');
  await publishDirect(fx.broker.ports.open, publish(topic, 0, { retain: true }));
  const cleared = await subscriber((await fx.proxy('clear-retain-flag')).port, topic, 0);
  const retained = await cleared.expect('publish');
  assert.equal(retained.retain, false, 'the retained message on subscribe lost its RETAIN flag');

  const set = await subscriber((await fx.proxy('set-retain-flag')).port, topic, 0);
  assert.equal((await set.expect('publish')).retain, true, 'the retained one keeps RETAIN');
  await publishDirect(fx.broker.ports.open, publish(topic, 0, { retain: false, payload: Buffer.from('live') }));
  const live = await set.expect('publish');
  assert.equal(live.payload.toString(), 'live');
  assert.equal(live.retain, true, 'a live delivery arrives with RETAIN=1');

  const dropped = await RawClient.connect((await fx.proxy('drop-retained')).port);
  dropped.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] });
  await dropped.client.expect('suback');
  assert.deepEqual(await dropped.client.drain(), [], 'the retained message never arrives');
  for (const c of [cleared, set, dropped.client]) c.destroy();
  await publishDirect(fx.broker.ports.open, publish(topic, 0, { retain: true, payload: Buffer.alloc(0) }));
});

test('drop-redelivery: an unacknowledged message is not re-sent on reconnect', async () => {
  const proxy = await fx.proxy('drop-redelivery');
  const topic = unique('dropre');
  const clientId = unique('dropre-client');
  const sub = await subscriber(proxy.port, topic, 1, clientId, false);
  await publishDirect(fx.broker.ports.open, publish(topic, 1));
  await sub.expect('publish');
  sub.destroy(); // no PUBACK
  await sub.closed;
  const { client } = await RawClient.connect(proxy.port, { clientId, clean: false });
  assert.deepEqual(await client.drain(), [], 'mosquitto re-sent it with DUP=1; the proxy swallowed it');
  assert.match(proxy.log[0]?.detail ?? '', /dropped re-delivery/);
  client.destroy();
});

test('ignore-retained-delete and store-non-retained change what the broker retains', async () => {
  const kept = unique('kept');
  await publishDirect(fx.broker.ports.open, publish(kept, 0, { retain: true, payload: Buffer.from('old') }));
  const eraser = await RawClient.connect((await fx.proxy('ignore-retained-delete')).port);
  eraser.client.send(publish(kept, 0, { retain: true, payload: Buffer.alloc(0) }));
  assert.deepEqual(await eraser.client.drain(), []);
  const later = await subscriber(fx.broker.ports.open, kept, 0);
  assert.equal((await later.expect('publish')).payload.toString(), 'old', 'the retained message survived the delete');
  later.destroy();

  const stored = unique('stored');
  const pub = await RawClient.connect((await fx.proxy('store-non-retained')).port);
  pub.client.send(publish(stored, 0, { retain: false, payload: Buffer.from('plain') }));
  assert.deepEqual(await pub.client.drain(), []);
  const sub = await subscriber(fx.broker.ports.open, stored, 0);
  const got = await sub.expect('publish');
  assert.equal(got.payload.toString(), 'plain');
  assert.equal(got.retain, true, 'a non-retained message was stored');
  for (const c of [eraser.client, pub.client, sub]) c.destroy();
  for (const t of [kept, stored]) await publishDirect(fx.broker.ports.open, publish(t, 0, { retain: true, payload: Buffer.alloc(0) }));
});

test('alter-topic-name: the Topic Name arrives upper-cased', async () => {
  const topic = unique('case');
  const sub = await subscriber((await fx.proxy('alter-topic-name')).port, topic, 0);
  await publishDirect(fx.broker.ports.open, publish(topic, 0));
  assert.equal((await sub.expect('publish')).topic, topic.toUpperCase());
  sub.destroy();
});

test('drop-pubrel: a QoS 2 delivery never gets its PUBREL', async () => {
  const topic = unique('pubrel');
  const sub = await subscriber((await fx.proxy('drop-pubrel')).port, topic, 2);
  await publishDirect(fx.broker.ports.open, publish(topic, 2));
  const got = await sub.expect('publish');
  sub.send({ cmd: 'pubrec', messageId: got.messageId as number });
  assert.deepEqual(await sub.drain(), []);
  sub.destroy();
});

test('wrong-puback-id: the PUBACK answers another Packet Identifier', async () => {
  const { client } = await RawClient.connect((await fx.proxy('wrong-puback-id')).port);
  client.send(publish(unique('wpid'), 1, { messageId: 20 }));
  assert.equal((await client.expect('puback')).messageId, 21);
  client.destroy();
});

test('packet-id-on-qos0: a QoS 0 delivery carries two extra bytes the receiver reads as payload', async () => {
  const topic = unique('pid0');
  const sub = await subscriber((await fx.proxy('packet-id-on-qos0')).port, topic, 0);
  await publishDirect(fx.broker.ports.open, publish(topic, 0, { payload: Buffer.from('abc') }));
  const got = await sub.expect('publish');
  assert.equal(got.topic, topic);
  assert.deepEqual(Buffer.from(got.payload), Buffer.from([0x00, 0x01, 0x61, 0x62, 0x63]));
  sub.destroy();
});

test('strip-bom: U+FEFF disappears from delivered Topic Names', async () => {
  const topic = `\uFEFF${unique('bom')}`;
  const sub = await subscriber((await fx.proxy('strip-bom')).port, topic, 0);
  await publishDirect(fx.broker.ports.open, publish(topic, 0));
  assert.equal((await sub.expect('publish')).topic, topic.slice(1));
  sub.destroy();
});

test('deliver-to-one-subscriber: of two subscribers through the proxy only one gets the message', async () => {
  const proxy = await fx.proxy('deliver-to-one-subscriber');
  const topic = unique('one');
  const first = await subscriber(proxy.port, topic, 0);
  const second = await subscriber(proxy.port, topic, 0);
  await publishDirect(fx.broker.ports.open, publish(topic, 1)); // mosquitto delivers before its PUBACK
  const got = [...(await first.drain()), ...(await second.drain())];
  assert.deepEqual(got.map((p) => p.cmd), ['publish'], 'one delivery, withheld from the other subscriber');
  assert.equal(proxy.log.length, 1);
  first.destroy();
  second.destroy();
});
