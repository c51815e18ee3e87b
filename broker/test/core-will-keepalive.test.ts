// Will messages and keepalive, with the manual clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import { RawClient, startBroker } from './doubles.ts';
import type { TestBroker } from './doubles.ts';

async function watcher(tb: TestBroker, filter = 'will/#'): Promise<RawClient> {
  const w = RawClient.attach(tb);
  await w.connect({ clientId: `watch-${Math.random()}` });
  w.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: filter, qos: 2 }] } as Packet);
  await w.next('suback');
  return w;
}

const will = (qos: 0 | 1 | 2 = 0, retain = false) => ({ topic: 'will/x', payload: Buffer.from('bye'), qos, retain });

describe('will', () => {
  it('is published on an abnormal close with its QoS, as non-retained [MQTT-3.1.2-8] [MQTT-3.1.2-16]', async () => {
    const tb = await startBroker();
    const w = await watcher(tb);
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'x', will: will(1) });
    c.destroy();
    const m = await w.next('publish');
    assert.deepEqual([m.topic, m.payload.toString(), m.qos, m.retain], ['will/x', 'bye', 1, false]);
    assert.equal(tb.broker.retained.get('will/x'), undefined);
    assert.deepEqual((await tb.persistence.load()).wills, [], 'removed once published [MQTT-3.1.2-10]');
    await tb.broker.close();
  });

  it('with Will Retain 1 is published as retained [MQTT-3.1.2-17]', async () => {
    const tb = await startBroker();
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'x', will: will(0, true) });
    c.destroy();
    await c.waitClosed();
    const late = RawClient.attach(tb);
    await late.connect({ clientId: 'late' });
    late.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'will/x', qos: 0 }] } as Packet);
    const m = await late.next('publish');
    assert.equal(m.retain, true);
    await tb.broker.close();
  });

  it('is discarded on DISCONNECT [MQTT-3.14.4-3]', async () => {
    const tb = await startBroker();
    const w = await watcher(tb);
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'x', will: will() });
    c.send({ cmd: 'disconnect' } as Packet);
    await c.waitClosed();
    await w.ping();
    assert.equal(w.packets.filter((p) => p.cmd === 'publish').length, 0);
    assert.deepEqual((await tb.persistence.load()).wills, []);
    await tb.broker.close();
  });

  it('is not published without the will flag [MQTT-3.1.2-12], nor when the publish ACL denies its topic', async () => {
    const tb = await startBroker();
    tb.authorizer.denyPublish.add('will/x');
    const w = await watcher(tb);
    const a = RawClient.attach(tb);
    await a.connect({ clientId: 'a' });
    a.destroy();
    const b = RawClient.attach(tb);
    await b.connect({ clientId: 'b', will: will() });
    b.destroy();
    await b.waitClosed();
    await w.ping();
    assert.equal(w.packets.filter((p) => p.cmd === 'publish').length, 0);
    assert.equal(tb.logger.events('will-denied').length, 1);
    await tb.broker.close();
  });

  it('is published when the broker restarts after dying with the connection open', async () => {
    const tb = await startBroker();
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'x', will: will(1, true) });
    const second = await startBroker({ persistence: tb.persistence });
    assert.equal(second.broker.retained.get('will/x')!.payload.toString(), 'bye');
    assert.deepEqual((await second.persistence.load()).wills, []);
    await second.broker.close();
  });
});

describe('keepalive [MQTT-3.1.2-24]', () => {
  it('closes after 1.5 x keepalive without a packet and publishes the will', async () => {
    const tb = await startBroker();
    const w = await watcher(tb);
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'k', keepalive: 10, will: will() });
    tb.clock.advance(14_000);
    await c.ping(); // activity at t=14 s
    tb.clock.advance(14_999); // 14.999 s idle
    assert.equal(c.closed, false);
    await w.ping();
    assert.equal(w.packets.filter((p) => p.cmd === 'publish').length, 0);
    tb.clock.advance(1); // 15 s idle
    await c.waitClosed();
    assert.equal((await w.next('publish')).payload.toString(), 'bye');
    const line = tb.logger.events('connection-closed').find((l) => l.fields['reason'] === 'keepalive-timeout');
    assert.ok(line);
    await tb.broker.close();
  });

  it('keepalive 0 never times out', async () => {
    const tb = await startBroker();
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'k0', keepalive: 0 });
    tb.clock.advance(10 * 24 * 3600 * 1000);
    await c.ping();
    assert.equal(c.closed, false);
    await tb.broker.close();
  });
});
