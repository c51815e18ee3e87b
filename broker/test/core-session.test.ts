// Sessions: CONNECT outcomes, Session Present, CleanSession 0/1, offline queueing, redelivery with
// DUP after reconnect, takeover, restart from persistence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import { MemoryPersistence } from '../persistence/memory/index.ts';
import { RawClient, startBroker } from './doubles.ts';

const pub = (topic: string, payload: string, qos: 0 | 1 | 2, messageId?: number, retain = false): Packet =>
  ({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain, dup: false, messageId }) as Packet;

describe('CONNECT', () => {
  it('assigns a unique client id to a zero-length id with CleanSession 1 [MQTT-3.1.3-6]', async () => {
    const tb = await startBroker();
    const a = RawClient.attach(tb);
    const b = RawClient.attach(tb);
    assert.equal((await a.connect({ clientId: '' })).returnCode, 0);
    assert.equal((await b.connect({ clientId: '' })).returnCode, 0);
    const ids = [...tb.broker.clients.keys()];
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
    await tb.broker.close();
  });

  it('answers bad credentials with 0x04 and not authorised with 0x05, then closes', async () => {
    const tb = await startBroker({ limits: { authBackoffBaseMs: 0 } }); // the backoff: core-auth-guard.test.ts
    tb.authorizer.result = 'bad-credentials';
    const a = RawClient.attach(tb);
    const ack = await a.connect({ clientId: 'x', username: 'u', password: Buffer.from('p') });
    assert.equal(ack.returnCode, 4);
    assert.equal(ack.sessionPresent, false);
    await a.waitClosed();
    tb.authorizer.result = 'not-authorized';
    const b = RawClient.attach(tb);
    assert.equal((await b.connect({ clientId: 'x' })).returnCode, 5);
    await b.waitClosed();
    await tb.broker.close();
  });

  it('accepts MQTT 3.1 (MQIsdp, level 3) and refuses its client ids over 23 characters', async () => {
    const tb = await startBroker();
    const a = RawClient.attach(tb);
    assert.equal((await a.connect({ protocolId: 'MQIsdp', protocolVersion: 3, clientId: 'old-client' })).returnCode, 0);
    const b = RawClient.attach(tb);
    assert.equal((await b.connect({ protocolId: 'MQIsdp', protocolVersion: 3, clientId: 'x'.repeat(24) })).returnCode, 2);
    await tb.broker.close();
  });

  it('processes packets sent right after CONNECT, before CONNACK [MQTT-3.1.4-5]', async () => {
    const tb = await startBroker();
    const a = RawClient.attach(tb);
    a.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'eager' } as Packet);
    a.send({ cmd: 'subscribe', messageId: 3, subscriptions: [{ topic: 'e', qos: 1 }] } as Packet);
    a.send(pub('e', 'self', 1, 8));
    await a.next('connack');
    assert.equal(a.packets[0]?.cmd, 'suback', 'CONNACK first, then the rest in order [MQTT-3.2.0-1]');
    await a.next('puback');
    assert.equal((await a.next('publish')).payload.toString(), 'self');
    await tb.broker.close();
  });

  it('closes a socket that sends no CONNECT within connectTimeoutMs', async () => {
    const tb = await startBroker({ limits: { connectTimeoutMs: 5000 } });
    const a = RawClient.attach(tb);
    tb.clock.advance(4999);
    assert.equal(a.closed, false);
    tb.clock.advance(1);
    await a.waitClosed();
    assert.equal(tb.logger.events('connection-closed')[0]!.fields['reason'], 'connect-timeout');
    await tb.broker.close();
  });
});

describe('sessions', () => {
  it('Session Present follows stored state [MQTT-3.2.2-1..3]; CleanSession 1 discards it [MQTT-3.1.2-6]', async () => {
    const tb = await startBroker();
    const a = RawClient.attach(tb);
    assert.equal((await a.connect({ clientId: 'p', clean: false })).sessionPresent, false);
    a.send({ cmd: 'disconnect' } as Packet);
    await a.waitClosed();
    const b = RawClient.attach(tb);
    assert.equal((await b.connect({ clientId: 'p', clean: false })).sessionPresent, true);
    b.send({ cmd: 'disconnect' } as Packet);
    await b.waitClosed();
    const c = RawClient.attach(tb);
    assert.equal((await c.connect({ clientId: 'p', clean: true })).sessionPresent, false);
    c.send({ cmd: 'disconnect' } as Packet);
    await c.waitClosed();
    const d = RawClient.attach(tb);
    assert.equal((await d.connect({ clientId: 'p', clean: false })).sessionPresent, false);
    assert.deepEqual((await tb.persistence.load()).sessions.map((s) => s.clientId), ['p']);
    await tb.broker.close();
  });

  it('keeps subscriptions and queues QoS 1/2 (not QoS 0) while offline [MQTT-3.1.2-5]', async () => {
    const tb = await startBroker();
    const a = RawClient.attach(tb);
    await a.connect({ clientId: 'off', clean: false });
    a.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'o/#', qos: 2 }] } as Packet);
    await a.next('suback');
    a.send({ cmd: 'disconnect' } as Packet);
    await a.waitClosed();
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    p.send(pub('o/0', 'zero', 0));
    p.send(pub('o/1', 'one', 1, 1));
    p.send(pub('o/2', 'two', 2, 2));
    await p.next('puback');
    await p.next('pubrec');
    const b = RawClient.attach(tb);
    assert.equal((await b.connect({ clientId: 'off', clean: false })).sessionPresent, true);
    const m1 = await b.next('publish');
    const m2 = await b.next('publish');
    assert.deepEqual([m1.payload.toString(), m1.qos, m2.payload.toString(), m2.qos], ['one', 1, 'two', 2]);
    await b.ping();
    assert.equal(b.packets.filter((x) => x.cmd === 'publish').length, 0, 'QoS 0 not queued by default');
    await tb.broker.close();
  });

  it('re-sends unacknowledged PUBLISH with DUP=1 and the same ids, and PUBREL, in order [MQTT-4.4.0-1]', async () => {
    const tb = await startBroker();
    const a = RawClient.attach(tb);
    await a.connect({ clientId: 'r', clean: false });
    a.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'r', qos: 2 }] } as Packet);
    await a.next('suback');
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'rp' });
    p.send(pub('r', 'first', 2, 1));
    p.send(pub('r', 'second', 1, 2));
    p.send(pub('r', 'third', 2, 3));
    const first = await a.next('publish');
    const second = await a.next('publish');
    const third = await a.next('publish');
    assert.equal(first.dup, false);
    a.send({ cmd: 'pubrec', messageId: first.messageId } as Packet); // first → released
    await a.next('pubrel');
    a.destroy(); // network failure
    await a.waitClosed();
    const b = RawClient.attach(tb);
    assert.equal((await b.connect({ clientId: 'r', clean: false })).sessionPresent, true);
    await b.ping();
    const order = b.packets.filter((x) => x.cmd !== 'pingresp');
    assert.deepEqual(
      order.map((x) => [x.cmd, (x as { messageId?: number }).messageId, (x as { dup?: boolean }).dup ?? null]),
      [
        ['pubrel', first.messageId, false],
        ['publish', second.messageId, true],
        ['publish', third.messageId, true],
      ],
    );
    await tb.broker.close();
  });

  it('a second connection with the same client id takes over; the old one closes and its will is published [MQTT-3.1.4-2]', async () => {
    const tb = await startBroker();
    const w = RawClient.attach(tb);
    await w.connect({ clientId: 'watch' });
    w.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'w', qos: 0 }] } as Packet);
    await w.next('suback');
    const old = RawClient.attach(tb);
    await old.connect({ clientId: 'dup', clean: false, will: { topic: 'w', payload: Buffer.from('old died'), qos: 0, retain: false } });
    const neu = RawClient.attach(tb);
    assert.equal((await neu.connect({ clientId: 'dup', clean: false })).sessionPresent, true);
    await old.waitClosed();
    assert.equal((await w.next('publish')).payload.toString(), 'old died');
    assert.equal(tb.broker.clients.size, 2);
    await neu.ping();
    await tb.broker.close();
  });

  it('rebuilds sessions, subscriptions, queues and inbound QoS 2 ids from persistence after a crash', async () => {
    const persistence = new MemoryPersistence();
    const first = await startBroker({ persistence });
    const s = RawClient.attach(first);
    await s.connect({ clientId: 'dur', clean: false });
    s.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'd/+', qos: 1 }] } as Packet);
    await s.next('suback');
    s.destroy();
    await s.waitClosed();
    const p = RawClient.attach(first);
    await p.connect({ clientId: 'dpub', clean: false });
    p.send(pub('d/1', 'kept', 1, 1));
    p.send(pub('d/r', 'ret', 1, 2, true));
    p.send(pub('d/2', 'q2', 2, 3));
    await p.next('puback');
    await p.next('puback');
    await p.next('pubrec');
    // "kill -9": the first broker is abandoned without close(); a new one starts on the same store
    const second = await startBroker({ persistence });
    const s2 = RawClient.attach(second);
    assert.equal((await s2.connect({ clientId: 'dur', clean: false })).sessionPresent, true);
    const got = [await s2.next('publish'), await s2.next('publish'), await s2.next('publish')].map((m) => m.payload.toString());
    assert.deepEqual(got, ['kept', 'ret', 'q2']);
    const p2 = RawClient.attach(second);
    await p2.connect({ clientId: 'dpub', clean: false });
    p2.send({ ...pub('d/2', 'q2', 2, 3), dup: true } as Packet); // re-send of an id already received
    await p2.next('pubrec');
    p2.send({ cmd: 'pubrel', messageId: 3 } as Packet);
    await p2.next('pubcomp');
    await s2.ping();
    assert.equal(s2.packets.filter((x) => x.cmd === 'publish').length, 0, 'not delivered twice');
    assert.equal(second.broker.retained.get('d/r')!.payload.toString(), 'ret');
    await second.broker.close();
  });

  it('queues QoS 0 for an offline persistent session when limits.queueQos0 is on', async () => {
    const tb = await startBroker({ limits: { queueQos0: true } });
    const a = RawClient.attach(tb);
    await a.connect({ clientId: 'q0', clean: false });
    a.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'z', qos: 1 }] } as Packet);
    await a.next('suback');
    a.send({ cmd: 'disconnect' } as Packet);
    await a.waitClosed();
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'zp' });
    p.send(pub('z', 'zero', 0));
    p.send(pub('z', 'one', 1, 1));
    await p.next('puback');
    const b = RawClient.attach(tb);
    await b.connect({ clientId: 'q0', clean: false });
    const m0 = await b.next('publish');
    const m1 = await b.next('publish');
    assert.deepEqual([m0.payload.toString(), m0.qos, m1.payload.toString(), m1.qos], ['zero', 0, 'one', 1]);
    b.send({ cmd: 'puback', messageId: m1.messageId } as Packet);
    await b.ping();
    assert.deepEqual((await tb.persistence.load()).outbound, [], 'queued records removed once delivered');
    await tb.broker.close();
  });
});
