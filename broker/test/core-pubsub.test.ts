// Publish/subscribe through Broker.handle(): QoS 0/1/2 both ways, overlap, ordering, acks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import { RawClient, startBroker } from './doubles.ts';

const pub = (topic: string, payload: string, qos: 0 | 1 | 2, messageId?: number, retain = false): Packet =>
  ({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain, dup: false, messageId }) as Packet;

describe('publish / subscribe', () => {
  it('QoS 0 from one client reaches a subscriber with DUP 0 and RETAIN 0', async () => {
    const tb = await startBroker();
    const sub = RawClient.attach(tb);
    const p = RawClient.attach(tb);
    assert.equal((await sub.connect({ clientId: 'sub' })).returnCode, 0);
    await p.connect({ clientId: 'pub' });
    sub.send({ cmd: 'subscribe', messageId: 7, subscriptions: [{ topic: 'a/+', qos: 0 }] } as Packet);
    const suback = await sub.next('suback');
    assert.equal(suback.messageId, 7);
    assert.deepEqual(suback.granted, [0]);
    p.send(pub('a/b', 'hello', 0));
    const m = await sub.next('publish');
    assert.equal(m.topic, 'a/b');
    assert.equal(m.payload.toString(), 'hello');
    assert.equal(m.qos, 0);
    assert.equal(m.dup, false);
    assert.equal(m.retain, false);
    await tb.broker.close();
  });

  it('QoS 1: PUBACK to the publisher, delivery at min(publish, granted), broker packet id', async () => {
    const tb = await startBroker();
    const sub = RawClient.attach(tb);
    const p = RawClient.attach(tb);
    await sub.connect({ clientId: 's1' });
    await p.connect({ clientId: 'p1' });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'q/1', qos: 1 }, { topic: 'q/0', qos: 0 }] } as Packet);
    assert.deepEqual((await sub.next('suback')).granted, [1, 0]);
    p.send(pub('q/1', 'x', 1, 4242));
    const ack = await p.next('puback');
    assert.equal(ack.messageId, 4242);
    const m = await sub.next('publish');
    assert.equal(m.qos, 1);
    assert.notEqual(m.messageId, 4242, 'the broker uses its own packet ids');
    sub.send({ cmd: 'puback', messageId: m.messageId } as Packet);
    p.send(pub('q/0', 'y', 2, 9));
    await p.next('pubrec');
    const m0 = await sub.next('publish');
    assert.equal(m0.qos, 0, 'granted 0 caps delivery [MQTT-3.8.4-6]');
    p.send({ cmd: 'pubrel', messageId: 9 } as Packet);
    assert.equal((await p.next('pubcomp')).messageId, 9);
    await sub.ping();
    assert.equal(tb.broker.sessions.get('s1')!.inflight.size, 0);
    await tb.broker.close();
  });

  it('QoS 2 inbound, method A: a DUP re-send before PUBREL is acknowledged but not delivered twice', async () => {
    const tb = await startBroker();
    const sub = RawClient.attach(tb);
    const p = RawClient.attach(tb);
    await sub.connect({ clientId: 's' });
    await p.connect({ clientId: 'p' });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 2 }] } as Packet);
    await sub.next('suback');
    p.send(pub('t', 'once', 2, 5));
    await p.next('pubrec');
    p.send({ ...pub('t', 'once', 2, 5), dup: true } as Packet);
    await p.next('pubrec');
    p.send({ cmd: 'pubrel', messageId: 5 } as Packet);
    await p.next('pubcomp');
    const m = await sub.next('publish');
    assert.equal(m.qos, 2);
    sub.send({ cmd: 'pubrec', messageId: m.messageId } as Packet);
    assert.equal((await sub.next('pubrel')).messageId, m.messageId);
    sub.send({ cmd: 'pubcomp', messageId: m.messageId } as Packet);
    await sub.ping();
    assert.equal(sub.packets.filter((x) => x.cmd === 'publish').length, 0, 'delivered exactly once');
    await tb.broker.close();
  });

  it('overlapping subscriptions give one copy at the highest granted QoS [MQTT-3.3.5-1]', async () => {
    const tb = await startBroker();
    const sub = RawClient.attach(tb);
    await sub.connect({ clientId: 'o' });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'x/#', qos: 0 }, { topic: 'x/+', qos: 1 }, { topic: 'x/y', qos: 0 }] } as Packet);
    await sub.next('suback');
    sub.send(pub('x/y', 'z', 2, 3));
    await sub.next('pubrec');
    const m = await sub.next('publish');
    assert.equal(m.qos, 1);
    await sub.ping();
    assert.equal(sub.packets.filter((x) => x.cmd === 'publish').length, 0);
    await tb.broker.close();
  });

  it('keeps per-topic order and uses the inflight window, then the queue', async () => {
    const tb = await startBroker({ limits: { maxInflight: 2 } });
    const sub = RawClient.attach(tb);
    const p = RawClient.attach(tb);
    await sub.connect({ clientId: 'w' });
    await p.connect({ clientId: 'wp' });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'o', qos: 1 }] } as Packet);
    await sub.next('suback');
    for (let i = 0; i < 5; i++) p.send(pub('o', String(i), 1, i + 1));
    for (let i = 0; i < 5; i++) await p.next('puback');
    await sub.waitFor(() => sub.packets.filter((x) => x.cmd === 'publish').length === 2 || undefined);
    const got: string[] = [];
    for (let i = 0; i < 5; i++) {
      const m = await sub.next('publish');
      got.push(m.payload.toString());
      assert.ok(tb.broker.sessions.get('w')!.inflight.size <= 2);
      sub.send({ cmd: 'puback', messageId: m.messageId } as Packet);
    }
    assert.deepEqual(got, ['0', '1', '2', '3', '4'], '[MQTT-4.6.0-5]');
    await tb.broker.close();
  });

  it('unsubscribe: exact filter, UNSUBACK even when nothing matched, no further delivery', async () => {
    const tb = await startBroker();
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'u' });
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'u/+', qos: 0 }] } as Packet);
    await c.next('suback');
    c.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['u/#'] } as Packet);
    assert.equal((await c.next('unsuback')).messageId, 2);
    c.send(pub('u/1', 'a', 0));
    await c.next('publish');
    c.send({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['u/+'] } as Packet);
    assert.equal((await c.next('unsuback')).messageId, 3);
    c.send(pub('u/1', 'b', 0));
    await c.ping();
    assert.equal(c.packets.filter((x) => x.cmd === 'publish').length, 0);
    await tb.broker.close();
  });

  it('ACL: denied publish is acknowledged but not delivered; denied subscribe gets 0x80', async () => {
    const tb = await startBroker();
    tb.authorizer.denyPublish.add('secret');
    tb.authorizer.denySubscribe.add('nope/#');
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'acl' });
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'secret', qos: 1 }, { topic: 'nope/#', qos: 1 }] } as Packet);
    assert.deepEqual((await c.next('suback')).granted, [1, 128]);
    c.send(pub('secret', 's', 1, 11));
    assert.equal((await c.next('puback')).messageId, 11);
    await c.ping();
    assert.equal(c.packets.filter((x) => x.cmd === 'publish').length, 0);
    assert.equal(tb.logger.events('publish-denied').length, 1);
    await tb.broker.close();
  });

  it('unsubscribe stops new deliveries but completes the QoS 1/2 flows already started [MQTT-3.10.4-3]', async () => {
    const tb = await startBroker();
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'uc' });
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'uc', qos: 2 }] } as Packet);
    await c.next('suback');
    c.send(pub('uc', 'in flight', 2, 1));
    await c.next('pubrec');
    const m = await c.next('publish');
    c.send({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: ['uc'] } as Packet);
    await c.next('unsuback');
    c.send({ cmd: 'pubrec', messageId: m.messageId } as Packet);
    assert.equal((await c.next('pubrel')).messageId, m.messageId);
    c.send({ cmd: 'pubcomp', messageId: m.messageId } as Packet);
    c.send({ cmd: 'pubrel', messageId: 1 } as Packet);
    await c.next('pubcomp');
    c.send(pub('uc', 'after', 1, 3));
    await c.next('puback');
    await c.ping();
    assert.equal(c.packets.filter((x) => x.cmd === 'publish').length, 0);
    assert.equal(tb.broker.sessions.get('uc')!.inflight.size, 0);
    await tb.broker.close();
  });

  it('keeps a U+FEFF (EF BB BF) in a topic as is, neither skipped nor stripped [MQTT-1.5.3-3]', async () => {
    const tb = await startBroker();
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'bom' });
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '\uFEFFbom/+', qos: 0 }] } as Packet);
    await c.next('suback');
    c.sendHex('30 0c 00 09 ef bb bf 62 6f 6d 2f 78 79 21'); // PUBLISH QoS 0, topic "\uFEFFbom/xy", payload "!"
    const m = await c.next('publish');
    assert.equal(m.topic, '\uFEFFbom/xy');
    assert.equal(m.payload.toString(), '!');
    await tb.broker.close();
  });
});
