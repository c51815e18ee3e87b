// Connect-area faults against mosquitto: each does what it says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { useMosquitto, unique } from './testing/fixture.ts';
import { RawClient } from './testing/raw-client.ts';

const fx = useMosquitto();

test('answer-second-connect: a second CONNECT gets CONNACK 0 and the connection stays usable', async () => {
  const proxy = await fx.proxy('answer-second-connect');
  const { client } = await RawClient.connect(proxy.port);
  client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: unique('second') });
  const connack = await client.expect('connack');
  assert.equal(connack.returnCode, 0);
  assert.deepEqual(await client.drain(), [], 'still connected: PINGREQ answered');
  assert.equal(proxy.log.length, 1);
  client.destroy();
});

test('connack-not-first: a PINGRESP arrives before the CONNACK', async () => {
  const proxy = await fx.proxy('connack-not-first');
  const client = await RawClient.open(proxy.port);
  client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: unique('first') });
  assert.equal((await client.next()).cmd, 'pingresp');
  assert.equal((await client.next()).cmd, 'connack');
  client.destroy();
});

test('accept-bad-credentials: CONNACK 5 becomes 0 and the client stays connected after the broker closes', async () => {
  const proxy = await fx.proxy('accept-bad-credentials', 'locked');
  const applied = new Promise((resolve) => proxy.once('fault', resolve));
  const { client, connack } = await RawClient.connect(proxy.port);
  await applied;
  assert.equal(connack.returnCode, 0, 'the broker said 5 (not authorized)');
  assert.equal(await client.closesWithin(300), false, 'still open after the broker closed its side');
  client.destroy();
  const direct = await RawClient.connect(fx.broker.ports.locked);
  assert.equal(direct.connack.returnCode, 5, 'control: without the fault the broker refuses');
  await direct.client.closed;
});

test('force-clean-session: a CleanSession=0 reconnect finds no session', async () => {
  const clientId = unique('persist');
  const direct = await RawClient.connect(fx.broker.ports.open, { clientId, clean: false });
  direct.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `${clientId}/t`, qos: 1 }] });
  await direct.client.expect('suback');
  direct.client.send({ cmd: 'disconnect' });
  await direct.client.closed;
  const proxy = await fx.proxy('force-clean-session');
  const { client, connack } = await RawClient.connect(proxy.port, { clientId, clean: false });
  assert.equal(connack.sessionPresent, false, 'the broker saw CleanSession=1');
  assert.match(proxy.log[0]?.detail ?? '', /CleanSession 0 → 1/);
  client.destroy();
});

test('flip-session-present: a clean connect reports Session Present 1', async () => {
  const proxy = await fx.proxy('flip-session-present');
  const { client, connack } = await RawClient.connect(proxy.port);
  assert.equal(connack.sessionPresent, true);
  client.destroy();
});

test('keep-open-after-takeover: a taken-over client is not disconnected', async () => {
  const proxy = await fx.proxy('keep-open-after-takeover');
  const clientId = unique('takeover');
  const first = await RawClient.connect(proxy.port, { clientId });
  const applied = new Promise((resolve) => proxy.once('fault', resolve));
  const second = await RawClient.connect(proxy.port, { clientId });
  await applied; // the broker closed the first connection upstream
  assert.equal(first.client.ended, false, 'the first client is still connected');
  assert.equal(await first.client.closesWithin(200), false);
  first.client.destroy();
  second.client.destroy();
});

test('ignore-keepalive: a silent client outlives a silent client that mosquitto closes for Keep Alive', async () => {
  const proxy = await fx.proxy('ignore-keepalive');
  const { client } = await RawClient.connect(proxy.port, { keepalive: 1 });
  const control = await RawClient.connect(fx.broker.ports.open, { keepalive: 1 });
  // mosquitto 2.0.11 closes a Keep Alive 1 client after about 5 s (its own check granularity).
  assert.equal(await control.client.closesWithin(10_000), true, 'control: mosquitto enforces Keep Alive');
  assert.equal(client.ended, false, 'the client behind the fault is still connected');
  assert.ok(proxy.log.length >= 2, `${proxy.log.length} proxy PINGREQs`);
  assert.deepEqual(await client.drain(), [], 'the proxy\'s own PINGRESPs never reach the client');
  client.destroy();
});

test('no-pingresp: PINGREQ is never answered', async () => {
  const proxy = await fx.proxy('no-pingresp');
  const { client } = await RawClient.connect(proxy.port);
  client.send({ cmd: 'pingreq' });
  client.send({ cmd: 'subscribe', messageId: 3, subscriptions: [{ topic: unique('np'), qos: 0 }] });
  assert.equal((await client.next()).cmd, 'suback', 'the SUBACK comes first: no PINGRESP before it');
  client.destroy();
});

test('drop-will: an abnormal close publishes no will (the same close without the fault does)', async () => {
  const topic = unique('will');
  const watcher = await RawClient.connect(fx.broker.ports.open);
  watcher.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] });
  await watcher.client.expect('suback');
  const will = { topic, payload: Buffer.from('gone'), qos: 0 as const, retain: false };
  const clean = await fx.proxy('pass-through');
  const control = await RawClient.connect(clean.port, { will });
  control.client.destroy();
  assert.equal((await watcher.client.expect('publish')).topic, topic, 'control: the will is published');
  const proxy = await fx.proxy('drop-will');
  const faulty = await RawClient.connect(proxy.port, { will });
  const applied = new Promise((resolve) => proxy.once('fault', resolve));
  faulty.client.destroy();
  await applied;
  await assert.rejects(watcher.client.next(500), /no packet within 500 ms/, 'no will within 500 ms');
  watcher.client.destroy();
});

test('will-on-disconnect: a clean DISCONNECT still gets the will published', async () => {
  const topic = unique('will-dc');
  const watcher = await RawClient.connect(fx.broker.ports.open);
  watcher.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] });
  await watcher.client.expect('suback');
  const proxy = await fx.proxy('will-on-disconnect');
  const { client } = await RawClient.connect(proxy.port, { will: { topic, payload: Buffer.from('gone'), qos: 0, retain: false } });
  client.send({ cmd: 'disconnect' });
  const will = await watcher.client.expect('publish');
  assert.equal(will.payload.toString(), 'gone');
  watcher.client.destroy();
});

test('accept-rejected-client-id and accept-unsupported-protocol: CONNACK 2 and 1 become 0, the client stays', async () => {
  const rejected = await RawClient.open((await fx.proxy('accept-rejected-client-id')).port);
  const emptyId = mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: '' });
  emptyId[9] = (emptyId[9] ?? 0) & ~0x02; // CleanSession 0 with a zero-length client id [MQTT-3.1.3-8]
  rejected.send(emptyId);
  assert.equal((await rejected.expect('connack')).returnCode, 0, 'mosquitto answered 2 (identifier rejected)');
  assert.equal(await rejected.closesWithin(300), false);
  rejected.destroy();
  const proxy = await fx.proxy('accept-unsupported-protocol');
  const client = await RawClient.open(proxy.port);
  const connect = mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: unique('level') });
  connect[8] = 99; // protocol level byte: fixed header 2 + name length 2 + "MQTT" 4
  client.send(connect);
  assert.equal((await client.expect('connack')).returnCode, 0, 'mosquitto answered 1 (unacceptable protocol version)');
  assert.equal(proxy.log[0]?.detail, 'CONNACK 1 → 0');
  client.destroy();
});

test('keep-session: a clean-session connect finds the stored session', async () => {
  const clientId = unique('keep');
  const first = await RawClient.connect(fx.broker.ports.open, { clientId, clean: false });
  first.client.send({ cmd: 'disconnect' });
  await first.client.closed;
  const { client, connack } = await RawClient.connect((await fx.proxy('keep-session')).port, { clientId, clean: true });
  assert.equal(connack.sessionPresent, true, 'the broker saw CleanSession=0');
  client.destroy();
});

test('flip-will-retain: a will sent with Will Retain=0 is kept as retained', async () => {
  const topic = unique('will-retain');
  const proxy = await fx.proxy('flip-will-retain');
  const { client } = await RawClient.connect(proxy.port, { will: { topic, payload: Buffer.from('gone'), qos: 0, retain: false } });
  const watcher = await RawClient.connect(fx.broker.ports.open);
  watcher.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] });
  await watcher.client.expect('suback');
  client.destroy();
  assert.equal((await watcher.client.expect('publish')).payload.toString(), 'gone');
  const later = await RawClient.connect(fx.broker.ports.open);
  later.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] });
  await later.client.expect('suback');
  const retained = await later.client.expect('publish');
  assert.equal(retained.retain, true, 'the broker stored the will as retained');
  later.client.send({ cmd: 'publish', topic, payload: Buffer.alloc(0), qos: 0, dup: false, retain: true });
  for (const c of [watcher.client, later.client]) c.destroy();
});

test('refuse-valid-credentials: a CONNECT with a user name is refused with 4, an anonymous one is not', async () => {
  const proxy = await fx.proxy('refuse-valid-credentials');
  const named = await RawClient.connect(proxy.port, { username: 'someone', password: Buffer.from('pw') });
  assert.equal(named.connack.returnCode, 4, 'mosquitto (anonymous allowed) accepted it');
  named.client.destroy();
  const anonymous = await RawClient.connect(proxy.port);
  assert.equal(anonymous.connack.returnCode, 0);
  anonymous.client.destroy();
});

test('keep-open-after-disconnect-flags: a malformed DISCONNECT (reserved flag) does not count as a clean end', async () => {
  const proxy = await fx.proxy('keep-open-after-disconnect-flags');
  const { client } = await RawClient.connect(proxy.port);
  const applied = new Promise((resolve) => proxy.once('fault', resolve));
  client.send(Buffer.from([0xe1, 0x00])); // DISCONNECT with flags 0001 [MQTT-3.14.1-1]
  await applied; // mosquitto closed the upstream connection
  assert.equal(await client.closesWithin(200), false, 'the client is kept connected');
  client.destroy();
});

test('keep-open-after-takeover leaves other closes alone: a malformed DISCONNECT still ends the client', async () => {
  const proxy = await fx.proxy('keep-open-after-takeover');
  const { client } = await RawClient.connect(proxy.port);
  client.send(Buffer.from([0xe1, 0x00])); // DISCONNECT with flags 0001
  await client.closed;
  assert.equal(proxy.timesApplied, 0);
});

test('accept-any-protocol-name: a CONNECT naming "MQTX" is accepted as MQTT 3.1.1', async () => {
  const connect = mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: unique('name') });
  connect.write('MQTX', 4, 'latin1'); // fixed header 2 + name length 2
  const direct = await RawClient.open(fx.broker.ports.open);
  direct.send(connect);
  await direct.closed; // control: mosquitto refuses it
  const client = await RawClient.open((await fx.proxy('accept-any-protocol-name')).port);
  client.send(connect);
  assert.equal((await client.expect('connack')).returnCode, 0);
  client.destroy();
});

test('reject-long-client-id: a 23-character client id is answered 2, a shorter one 0', async () => {
  const proxy = await fx.proxy('reject-long-client-id');
  const long = await RawClient.connect(proxy.port, { clientId: 'a'.repeat(23) });
  assert.equal(long.connack.returnCode, 2);
  long.client.destroy();
  const short = await RawClient.connect(proxy.port, { clientId: 'a'.repeat(22) });
  assert.equal(short.connack.returnCode, 0);
  short.client.destroy();
});
