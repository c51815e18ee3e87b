// Limits: max packet size (refused from the header), max connections, max queued, bad input isolation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import mqttPacket from 'mqtt-packet';
import { Duplex } from 'node:stream';
import { MemoryPersistence } from '../persistence/memory/index.ts';
import type { OutboundRecord } from '../model/messages.ts';
import { RawClient, startBroker } from './doubles.ts';

class FailingOutbound extends MemoryPersistence {
  failing = false;
  override saveOutbound(record: OutboundRecord): Promise<void> {
    return this.failing ? Promise.reject(new Error('disk full')) : super.saveOutbound(record);
  }
}

describe('limits', () => {
  it('closes on a packet larger than maxPacketSize as soon as its header arrives', async () => {
    const tb = await startBroker({ limits: { maxPacketSize: 1024 } });
    const c = RawClient.attach(tb);
    await c.connect({ clientId: 'big' });
    c.sendHex('30 ff ff 03'); // PUBLISH, Remaining Length 65535: the body is never sent
    await c.waitClosed();
    const line = tb.logger.events('connection-closed').find((l) => l.fields['reason'] === 'packet-too-large');
    assert.equal(line?.fields['size'], 65539);
    const ok = RawClient.attach(tb);
    await ok.connect({ clientId: 'small' });
    ok.send({ cmd: 'publish', topic: 't', payload: Buffer.alloc(900), qos: 0, retain: false, dup: false } as Packet);
    await ok.ping();
    await tb.broker.close();
  });

  it('refuses connections beyond maxConnections at once, logged', async () => {
    const tb = await startBroker({ limits: { maxConnections: 2 } });
    const a = RawClient.attach(tb);
    const b = RawClient.attach(tb);
    const c = RawClient.attach(tb);
    await c.waitClosed();
    assert.equal(tb.logger.events('connection-refused')[0]!.fields['reason'], 'max-connections');
    await a.connect({ clientId: 'a' });
    await b.connect({ clientId: 'b' });
    assert.equal(tb.broker.connectionCount, 2);
    await tb.broker.close();
  });

  it('bounds the queue of an offline session by maxQueued, dropping and logging once', async () => {
    const tb = await startBroker({ limits: { maxQueued: 3 } });
    const s = RawClient.attach(tb);
    await s.connect({ clientId: 'slow', clean: false });
    s.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'q', qos: 1 }] } as Packet);
    await s.next('suback');
    s.send({ cmd: 'disconnect' } as Packet);
    await s.waitClosed();
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'p' });
    for (let i = 1; i <= 6; i++) p.send({ cmd: 'publish', topic: 'q', payload: Buffer.from(String(i)), qos: 1, messageId: i, retain: false, dup: false } as Packet);
    for (let i = 1; i <= 6; i++) await p.next('puback');
    assert.equal(tb.broker.sessions.get('slow')!.queue.length, 3);
    assert.equal(tb.logger.events('queue-full').length, 1);
    const s2 = RawClient.attach(tb);
    await s2.connect({ clientId: 'slow', clean: false });
    const got = [await s2.next('publish'), await s2.next('publish'), await s2.next('publish')].map((m) => m.payload.toString());
    assert.deepEqual(got, ['1', '2', '3']);
    await tb.broker.close();
  });

  it('a flood of subscriptions: filters beyond maxSubscriptions get 0x80, logged once; others unaffected', async () => {
    const tb = await startBroker({ limits: { maxSubscriptions: 5 } });
    const f = RawClient.attach(tb);
    await f.connect({ clientId: 'flood' });
    const subscriptions = Array.from({ length: 8 }, (_, i) => ({ topic: `f/${i}`, qos: 1 as const }));
    f.send({ cmd: 'subscribe', messageId: 1, subscriptions } as Packet);
    assert.deepEqual((await f.next('suback')).granted, [1, 1, 1, 1, 1, 0x80, 0x80, 0x80]);
    assert.equal(tb.logger.events('subscription-limit').length, 1);
    assert.equal(tb.logger.events('subscription-limit')[0]!.fields['refused'], 3);
    // Replacing one it holds is still allowed (new QoS), and the connection stays usable.
    f.send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'f/0', qos: 0 }] } as Packet);
    assert.deepEqual((await f.next('suback')).granted, [0]);
    assert.equal(tb.broker.sessions.get('flood')!.subscriptions.size, 5);
    // Another client subscribes and receives as usual.
    const other = RawClient.attach(tb);
    await other.connect({ clientId: 'other' });
    other.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'x', qos: 0 }] } as Packet);
    assert.deepEqual((await other.next('suback')).granted, [0]);
    f.send({ cmd: 'publish', topic: 'x', payload: Buffer.from('still here'), qos: 0, retain: false, dup: false } as Packet);
    assert.equal((await other.next('publish')).payload.toString(), 'still here');
    await tb.broker.close();
  });

  it('a client id reused in a loop: each connection takes over the last, one session remains, others unaffected', async () => {
    const tb = await startBroker();
    const bystander = RawClient.attach(tb);
    await bystander.connect({ clientId: 'bystander' });
    bystander.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'b', qos: 1 }] } as Packet);
    await bystander.next('suback');
    const taken: RawClient[] = [];
    for (let i = 0; i < 100; i++) {
      const c = RawClient.attach(tb);
      await c.connect({ clientId: 'loop', clean: i % 2 === 0 });
      taken.push(c);
    }
    // Every earlier connection was closed by its successor [MQTT-3.1.4-2]; only the last is open.
    for (const c of taken.slice(0, -1)) await c.waitClosed();
    assert.equal(tb.broker.connectionCount, 2);
    assert.equal([...tb.broker.sessions.keys()].filter((id) => id === 'loop').length, 1);
    const last = taken.at(-1)!;
    last.send({ cmd: 'publish', topic: 'b', payload: Buffer.from('after the loop'), qos: 1, messageId: 7, retain: false, dup: false } as Packet);
    assert.equal((await last.next('puback')).messageId, 7);
    assert.equal((await bystander.next('publish')).payload.toString(), 'after the loop');
    await tb.broker.close();
  });

  it('a stream error or an exception closes only that connection', async () => {
    const tb = await startBroker();
    const good = RawClient.attach(tb);
    await good.connect({ clientId: 'good' });
    const bad = new Duplex({ read() {}, write(_c, _e, cb) { cb(); } });
    tb.broker.handle(bad, { transport: 'memory' });
    bad.destroy(new Error('boom'));
    await good.ping();
    assert.ok(tb.logger.events('connection-closed').some((l) => l.fields['reason'] === 'stream-error'));
    assert.equal(tb.broker.connectionCount, 1);
    await tb.broker.close();
  });

  it('drops QoS 0 messages to a client that does not read, beyond its write backlog, logged once', async () => {
    const tb = await startBroker();
    // a client whose socket never drains: write callbacks are never called
    const stuck = new Duplex({ read() {}, write() {} });
    tb.broker.handle(stuck, { transport: 'memory' });
    stuck.push(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'stuck' } as Packet));
    stuck.push(mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'flood', qos: 0 }] } as Packet));
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'flooder' });
    await p.ping();
    const payload = Buffer.alloc(64 * 1024);
    for (let i = 0; i < 200; i++) p.send({ cmd: 'publish', topic: 'flood', payload, qos: 0, retain: false, dup: false } as Packet);
    await p.ping();
    assert.equal(tb.logger.events('qos0-dropped').length, 1);
    assert.ok(stuck.writableLength < 9 * 1024 * 1024, `backlog ${stuck.writableLength}`);
    assert.ok(tb.broker.messagesSent < 200);
    await tb.broker.close();
  });

  it('a failed durable write withholds the acknowledgement and closes only the publisher', async () => {
    const persistence = new FailingOutbound();
    const tb = await startBroker({ persistence });
    const s = RawClient.attach(tb);
    await s.connect({ clientId: 'durable-sub', clean: false });
    s.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'f', qos: 1 }] } as Packet);
    await s.next('suback');
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    persistence.failing = true;
    p.send({ cmd: 'publish', topic: 'f', payload: Buffer.from('x'), qos: 1, messageId: 5, retain: false, dup: false } as Packet);
    await p.waitClosed();
    assert.equal(p.packets.filter((x) => x.cmd === 'puback').length, 0, 'no PUBACK for a message that is not durable');
    assert.equal(tb.logger.events('connection-closed').at(-1)!.fields['reason'], 'persistence-error');
    persistence.failing = false;
    await s.ping();
    await tb.broker.close();
  });
});
