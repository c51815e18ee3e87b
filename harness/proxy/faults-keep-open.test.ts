// The keep-open faults: the classifier of close causes (pure), and against mosquitto each fault
// keeps the client open after its own cause only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { makeFrame } from './frame-reader.ts';
import { stringRules, violatedRules } from './faults/violations.ts';
import { useMosquitto, unique } from './testing/fixture.ts';
import { RawClient } from './testing/raw-client.ts';

/** Resolves when `event` fires, rejects after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const frame = (hex: string) => makeFrame(Buffer.from(hex.replace(/\s/g, ''), 'hex'));
const gen = (p: Parameters<typeof mqttPacket.generate>[0]) => makeFrame(mqttPacket.generate(p));

test('violatedRules names the close rule of each malformed packet, plus the general rule; a valid packet breaks none', () => {
  assert.deepEqual(violatedRules(gen({ cmd: 'publish', topic: 't', payload: Buffer.from('x'), qos: 1, messageId: 1, dup: false, retain: false })), []);
  assert.deepEqual(violatedRules(gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/#', qos: 1 }] })), []);
  assert.deepEqual(violatedRules(frame('36 05 0001 74 0001')).sort(), ['MQTT-3.3.1-4', 'MQTT-4.8.0-1']); // PUBLISH QoS 3
  assert.deepEqual(violatedRules(frame('80 06 0001 0001 74 00')).sort(), ['MQTT-2.2.2-1', 'MQTT-2.2.2-2', 'MQTT-3.8.1-1', 'MQTT-4.8.0-1']); // SUBSCRIBE flags 0000
  assert.deepEqual(violatedRules(frame('a0 05 0001 0001 74')).sort(), ['MQTT-2.2.2-1', 'MQTT-2.2.2-2', 'MQTT-3.10.1-1', 'MQTT-4.8.0-1']);
  assert.deepEqual(violatedRules(frame('60 02 0001')).sort(), ['MQTT-2.2.2-1', 'MQTT-2.2.2-2', 'MQTT-3.6.1-1', 'MQTT-4.8.0-1']); // PUBREL flags 0000
  assert.deepEqual(violatedRules(frame('e1 00')).sort(), ['MQTT-2.2.2-1', 'MQTT-2.2.2-2', 'MQTT-3.14.1-1', 'MQTT-4.8.0-1']);
  assert.deepEqual(violatedRules(frame('c1 00')).sort(), ['MQTT-2.2.2-1', 'MQTT-2.2.2-2', 'MQTT-4.8.0-1']); // PINGREQ flags
  assert.deepEqual(violatedRules(frame('82 06 0000 0001 74 00')).sort(), ['MQTT-2.3.1-1', 'MQTT-4.8.0-1']); // packet id 0
  assert.deepEqual(violatedRules(frame('82 06 0001 0001 74 04')).sort(), ['MQTT-3-8.3-4', 'MQTT-4.8.0-1']); // QoS byte upper bits
  assert.deepEqual(violatedRules(frame('82 05 0001 0000 00')).sort(), ['MQTT-4.7.3-1', 'MQTT-4.8.0-1']); // empty filter
  assert.deepEqual(violatedRules(frame('30 05 0003 612b62')).sort(), ['MQTT-3.3.2-2', 'MQTT-4.7.1-1', 'MQTT-4.8.0-1']); // a+b
  assert.deepEqual(violatedRules(frame('30 01 00')).sort(), ['MQTT-3.3.2-1', 'MQTT-4.8.0-1']); // topic cut short
  assert.deepEqual(violatedRules(frame('30 04 0002 6100')).sort(), ['MQTT-1.5.3-2', 'MQTT-4.8.0-1']); // U+0000
  assert.deepEqual(violatedRules(frame('30 05 0003 eda080')).sort(), ['MQTT-1.5.3-1', 'MQTT-4.8.0-1']); // a surrogate
  assert.deepEqual(stringRules(Buffer.from('caf\u00e9')), []);
});

const fx = useMosquitto();

test('keep-open-after-publish-qos3 keeps the client after a QoS 3 PUBLISH, not after a malformed DISCONNECT', async () => {
  const proxy = await fx.proxy('keep-open-after-publish-qos3');
  const a = await RawClient.connect(proxy.port);
  const applied = new Promise((resolve) => proxy.once('fault', resolve));
  a.client.send(Buffer.from('360500017400' + '01', 'hex')); // PUBLISH QoS 3
  await within(applied, 3000, 'fault');
  assert.equal(await a.client.closesWithin(200), false, 'kept open');
  a.client.destroy();
  const b = await RawClient.connect(proxy.port);
  b.client.send(Buffer.from('e100', 'hex')); // DISCONNECT with a reserved flag: another rule's close
  assert.equal(await b.client.closesWithin(2000), true, 'closed as the broker wants');
  assert.equal(proxy.timesApplied, 1);
});

test('keep-open-after-refusal keeps a refused client open; keep-open-after-invalid-connect one closed before CONNACK', async () => {
  const refusal = await fx.proxy('keep-open-after-refusal', 'locked');
  const refused = await RawClient.connect(refusal.port, { clientId: unique('r') });
  assert.equal(refused.connack.returnCode, 5);
  assert.equal(await refused.client.closesWithin(300), false);
  refused.client.destroy();
  const invalid = await fx.proxy('keep-open-after-invalid-connect');
  const bad = await RawClient.open(invalid.port);
  const applied = new Promise((resolve) => invalid.once('fault', resolve));
  bad.send(Buffer.from('100c00044d5154540403003c0004', 'hex')); // CONNECT: reserved flag set, client id cut short
  await within(applied, 3000, 'fault');
  assert.equal(await bad.closesWithin(200), false);
  bad.destroy();
  const untouched = await RawClient.connect(invalid.port, { clientId: unique('ok') });
  untouched.client.send(Buffer.from('e100', 'hex'));
  assert.equal(await untouched.client.closesWithin(2000), true);
  assert.equal(invalid.timesApplied, 1, 'a violation after CONNACK is not its cause');
});

test('keep-open-after-second-connect keeps the client after a second CONNECT only', async () => {
  const proxy = await fx.proxy('keep-open-after-second-connect');
  const { client } = await RawClient.connect(proxy.port);
  const applied = new Promise((resolve) => proxy.once('fault', resolve));
  client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: unique('again') });
  await within(applied, 3000, 'fault');
  assert.equal(await client.closesWithin(200), false);
  client.destroy();
});
