// Retained messages through Broker.handle().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import { RawClient, startBroker } from './doubles.ts';

const pub = (topic: string, payload: string, qos: 0 | 1 | 2, messageId?: number, retain = false): Packet =>
  ({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain, dup: false, messageId }) as Packet;

describe('retained messages', () => {
  it('stores, replaces (QoS 0 too), delivers on subscribe with RETAIN=1 at min QoS, deletes on empty payload', async () => {
    const tb = await startBroker();
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'p' });
    p.send(pub('r/a', 'one', 2, 1, true)); // [MQTT-3.3.1-5]
    await p.next('pubrec');
    p.send(pub('r/a', 'two', 0, undefined, true)); // QoS 0 replaces [MQTT-3.3.1-7]
    p.send(pub('r/b', 'b', 1, 2, true));
    await p.next('puback');
    p.send(pub('r/a', 'not stored', 1, 3, false)); // RETAIN 0 leaves the store [MQTT-3.3.1-12]
    await p.next('puback');
    const s = RawClient.attach(tb);
    await s.connect({ clientId: 's' });
    s.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'r/+', qos: 1 }] } as Packet);
    await s.next('suback');
    const got = [await s.next('publish'), await s.next('publish')].sort((x, y) => x.topic.localeCompare(y.topic));
    assert.deepEqual(got.map((m) => [m.topic, m.payload.toString(), m.qos, m.retain]), [
      ['r/a', 'two', 0, true], // [MQTT-3.3.1-8]
      ['r/b', 'b', 1, true],
    ]);
    s.send({ cmd: 'puback', messageId: got[1]!.messageId } as Packet);
    // normal forwarding of a retained publish to an existing subscriber has RETAIN=0 [MQTT-3.3.1-9]
    p.send(pub('r/b', '', 0, undefined, true)); // delete [MQTT-3.3.1-10]
    const empty = await s.next('publish');
    assert.deepEqual([empty.payload.length, empty.retain], [0, false]); // [MQTT-3.3.1-11]
    assert.equal(tb.broker.retained.get('r/b'), undefined);
    assert.deepEqual((await tb.persistence.load()).retained.map((m) => m.topic), ['r/a']);
    await tb.broker.close();
  });

  it('re-sends retained messages on a repeated identical subscribe [MQTT-3.8.4-3]', async () => {
    const tb = await startBroker();
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'c' });
    c.send(pub('again', 'x', 0, undefined, true));
    for (const id of [1, 2]) {
      c.send({ cmd: 'subscribe', messageId: id, subscriptions: [{ topic: 'again', qos: 0 }] } as Packet);
      await c.next('suback');
      assert.equal((await c.next('publish')).retain, true);
    }
    assert.equal(tb.broker.sessions.get('c')!.subscriptions.size, 1);
    await tb.broker.close();
  });

  it('survives the end of the session that published it [MQTT-3.1.2.7] and honours the $ rule', async () => {
    const tb = await startBroker();
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'p', clean: true });
    p.send(pub('$ops/x', 'dollar', 0, undefined, true));
    p.send(pub('keep', 'k', 0, undefined, true));
    p.send({ cmd: 'disconnect' } as Packet);
    await p.waitClosed();
    const s = RawClient.attach(tb);
    await s.connect({ clientId: 's' });
    s.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '#', qos: 0 }] } as Packet);
    await s.next('suback');
    assert.equal((await s.next('publish')).topic, 'keep');
    s.send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: '$ops/#', qos: 0 }] } as Packet);
    await s.next('suback');
    assert.equal((await s.next('publish')).topic, '$ops/x');
    await s.ping();
    assert.equal(s.packets.filter((x) => x.cmd === 'publish').length, 0);
    await tb.broker.close();
  });
});

describe('$SYS', () => {
  it('publishes broker counters every sysIntervalMs, matched only by $SYS filters', async () => {
    const tb = await startBroker({ sysIntervalMs: 10_000 });
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'sys' });
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '#', qos: 0 }, { topic: '+/broker/#', qos: 0 }] } as Packet);
    await c.next('suback');
    c.send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: '$SYS/broker/clients/connected', qos: 0 }] } as Packet);
    await c.next('suback');
    assert.equal((await c.next('publish')).payload.toString(), '0', 'retained value from start()');
    tb.clock.advance(10_000);
    const m = await c.next('publish');
    assert.equal(m.topic, '$SYS/broker/clients/connected');
    assert.equal(m.payload.toString(), '1');
    await c.ping();
    assert.equal(c.packets.filter((x) => x.cmd === 'publish').length, 0, '# and +/... do not see $SYS [MQTT-4.7.2-1]');
    assert.equal(tb.broker.retained.get('$SYS/broker/version')!.payload.toString(), 'test');
    assert.match(tb.broker.retained.get('$SYS/broker/uptime')!.payload.toString(), /^10 seconds$/);
    assert.deepEqual((await tb.persistence.load()).retained, [], '$SYS is not written to disk');
    await tb.broker.close();
  });
});
