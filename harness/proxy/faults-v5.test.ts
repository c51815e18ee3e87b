// The proxy with MQTT 5 clients: faults that regenerate packets keep v5 properties and speak v5
// upstream (the protocol level comes from the client's CONNECT).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IPublishPacket } from 'mqtt-packet';
import { useMosquitto, unique } from './testing/fixture.ts';
import { RawClient } from './testing/raw-client.ts';

const fx = useMosquitto();
const v5 = { protocolVersion: 5 as const };

function publish(topic: string, qos: 0 | 1 | 2, extra: Partial<IPublishPacket> = {}): IPublishPacket {
  return { cmd: 'publish', topic, payload: Buffer.from('v5'), qos, dup: false, retain: false, properties: { userProperties: { k: 'v' }, contentType: 'text/plain' }, ...(qos > 0 ? { messageId: 5 } : {}), ...extra };
}

async function subscribed(port: number, topic: string, qos: 0 | 1 | 2): Promise<RawClient> {
  const { client, connack } = await RawClient.connect(port, v5);
  assert.equal(connack.reasonCode, 0);
  client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos }] });
  await client.expect('suback');
  return client;
}

test('v5 through pass-through: properties arrive intact', async () => {
  const proxy = await fx.proxy('pass-through');
  const topic = unique('v5pt');
  const sub = await subscribed(proxy.port, topic, 1);
  sub.send(publish(topic, 1));
  const got = [await sub.next(), await sub.next()];
  const delivered = got.find((p) => p.cmd === 'publish') as IPublishPacket | undefined;
  assert.equal(delivered?.properties?.contentType, 'text/plain');
  assert.equal(delivered?.properties?.userProperties?.k, 'v');
  sub.destroy();
});

test('v5 lower-qos: delivered at QoS 0 with its properties; the proxy completes QoS 2 upstream in v5', async () => {
  const proxy = await fx.proxy('lower-qos');
  const topic = unique('v5lower');
  const sub = await subscribed(proxy.port, topic, 2);
  const { client: pub } = await RawClient.connect(fx.broker.ports.open, v5);
  pub.send(publish(topic, 2, { messageId: 9 }));
  await pub.expect('pubrec');
  pub.send({ cmd: 'pubrel', messageId: 9 });
  await pub.expect('pubcomp');
  const got = await sub.expect('publish');
  assert.equal(got.qos, 0);
  assert.equal(got.properties?.contentType, 'text/plain');
  assert.deepEqual(await sub.drain(), [], 'no PUBREL leaked: the broker accepted the proxy\'s v5 PUBREC/PUBCOMP');
  pub.destroy();
  sub.destroy();
});

test('v5 flip-session-present and clear-retain-flag work on v5 packets', async () => {
  const flipped = await RawClient.connect((await fx.proxy('flip-session-present')).port, v5);
  assert.equal(flipped.connack.sessionPresent, true);
  flipped.client.destroy();
  const topic = unique('v5retain');
  const { client: pub } = await RawClient.connect(fx.broker.ports.open, v5);
  pub.send(publish(topic, 1, { retain: true }));
  await pub.expect('puback');
  const sub = await subscribed((await fx.proxy('clear-retain-flag')).port, topic, 0);
  const got = await sub.expect('publish');
  assert.equal(got.retain, false);
  assert.equal(got.properties?.contentType, 'text/plain');
  pub.send(publish(topic, 0, { retain: true, payload: Buffer.alloc(0), properties: {} }));
  for (const c of [pub, sub]) c.destroy();
});

test('v5 ignore-unsubscribe answers a v5 UNSUBACK with a reason code per filter', async () => {
  const { client } = await RawClient.connect((await fx.proxy('ignore-unsubscribe')).port, v5);
  client.send({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['a', 'b'] });
  const unsuback = await client.expect('unsuback');
  assert.equal(unsuback.messageId, 3);
  assert.deepEqual(unsuback.granted, [0, 0]);
  client.destroy();
});
