// Flow control and slow consumers (issue 12): a pipelining QoS 1 publisher never makes the broker drop
// what it acknowledged; a subscriber that stops reading is bounded, counted, and visible in $SYS;
// queueing and draining cost O(1) per message whatever the queue length.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer, connect as netConnect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { deliver, drain } from '../session/delivery.ts';
import type { DeliveryContext } from '../session/delivery.ts';
import { Session } from '../session/session.ts';
import type { OutboundEntry, SessionLink } from '../session/session.ts';
import { ArrayLogger, ManualClock, RawClient, startBroker, TestAuthorizer, testLimits } from './doubles.ts';

const gen = (p: Record<string, unknown>): Buffer => mqttPacket.generate(p as unknown as Packet);

/** A raw TCP MQTT client: every parsed packet goes to `onPacket`. */
async function rawTcp(port: number, clientId: string, onPacket: (p: Packet, s: Socket) => void): Promise<Socket> {
  const socket = netConnect({ host: '127.0.0.1', port, noDelay: true });
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  let connacked!: () => void;
  const ready = new Promise<void>((r) => (connacked = r));
  parser.on('packet', (p: Packet) => (p.cmd === 'connack' ? connacked() : onPacket(p, socket)));
  socket.on('data', (c: Buffer) => parser.parse(c));
  socket.on('error', () => undefined);
  socket.write(gen({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId }));
  await ready;
  return socket;
}

function deadline(ms: number, what: string): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout;
  const promise = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

describe('flow control', () => {
  it('a publisher keeping 500 QoS 1 unacknowledged loses nothing: 20,000 acknowledged, 20,000 delivered in order', async () => {
    // a small inflight window and queue bound make the old behaviour (queue-full drops) certain
    const tb = await startBroker({ limits: { maxInflight: 20, maxQueued: 1000 } });
    const server = createServer((s) => tb.broker.handle(s, { transport: 'tcp' }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const total = 20_000;
    const window = 500;
    const received: number[] = [];
    let allDelivered!: () => void;
    const delivered = new Promise<void>((r) => (allDelivered = r));
    const sub = await rawTcp(port, 'flow-sub', (p, s) => {
      if (p.cmd === 'suback') return subacked();
      if (p.cmd !== 'publish') return;
      s.write(gen({ cmd: 'puback', messageId: p.messageId }));
      received.push(Number(p.payload.toString()));
      if (received.length === total) allDelivered();
    });
    let subacked!: () => void;
    const subscribed = new Promise<void>((r) => (subacked = r));
    sub.write(gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'flow/t', qos: 1 }] }));
    await subscribed;
    let sent = 0;
    let acked = 0;
    const publish = (s: Socket): void => {
      const out: Buffer[] = [];
      while (sent < total && sent - acked < window) {
        out.push(gen({ cmd: 'publish', topic: 'flow/t', payload: Buffer.from(String(sent)), qos: 1, retain: false, dup: false, messageId: (sent % 65535) + 1 }));
        sent++;
      }
      if (out.length > 0) s.write(Buffer.concat(out));
    };
    const pub = await rawTcp(port, 'flow-pub', (p, s) => {
      if (p.cmd !== 'puback') return;
      acked++;
      publish(s);
    });
    publish(pub);
    const d = deadline(60_000, `all ${total} deliveries (got ${received.length})`);
    try {
      await Promise.race([delivered, d.promise]);
    } finally {
      d.cancel();
    }
    assert.equal(received.length, total);
    assert.ok(received.every((v, i) => v === i), 'delivered in publish order [MQTT-4.6.0-2]');
    assert.equal(tb.broker.counters.droppedQueueFull, 0);
    assert.equal(tb.logger.events('queue-full').length, 0);
    sub.destroy();
    pub.destroy();
    await tb.broker.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('a subscriber that stops acknowledging is a slow consumer after slowConsumerMs: publisher released, queue bounded, drops counted and in $SYS', async () => {
    const tb = await startBroker({ limits: { maxInflight: 5, maxQueued: 40, slowConsumerMs: 1000 }, sysIntervalMs: 60_000 });
    const sub = RawClient.attach(tb);
    await sub.connect({ clientId: 'slow-sub' });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'slow/t', qos: 1 }] } as Packet);
    await sub.next('suback');
    const pub = RawClient.attach(tb);
    await pub.connect({ clientId: 'slow-pub' });
    // high-water mark is min(1000, 40 / 2) = 20: 5 inflight + 20 queued, then the publisher is held
    for (let i = 1; i <= 100; i++) pub.send({ cmd: 'publish', topic: 'slow/t', payload: Buffer.from(String(i)), qos: 1, messageId: i, retain: false, dup: false } as Packet);
    await pub.waitFor(() => pub.packets.filter((p) => p.cmd === 'puback').length >= 25 || undefined, 2000, '25 PUBACKs');
    const session = tb.broker.sessions.get('slow-sub')!;
    assert.equal(session.queue.length, 20, 'held at the high-water mark');
    // acknowledgements and PINGREQ still pass a held connection
    await pub.ping();
    assert.equal(pub.packets.filter((p) => p.cmd === 'puback').length, 25, 'the held publisher is not read further');
    tb.clock.advance(1000);
    const slow = tb.logger.events('slow-consumer');
    assert.equal(slow.length, 1);
    assert.equal(slow[0]!.fields.clientId, 'slow-sub');
    await pub.waitFor(() => pub.packets.filter((p) => p.cmd === 'puback').length === 100 || undefined, 2000, '100 PUBACKs');
    assert.equal(session.queue.length, 40, 'bounded by maxQueued');
    assert.equal(tb.broker.counters.droppedQueueFull, 100 - 5 - 40);
    assert.equal(tb.broker.counters.slowConsumers, 1);
    assert.equal(tb.logger.events('queue-full').length, 1, 'one warning per episode');
    assert.equal(tb.logger.events('message-dropped').length, 55, 'every drop logged at debug');
    // $SYS shows the drops at its next interval
    tb.clock.advance(60_000);
    const watcher = RawClient.attach(tb);
    await watcher.connect({ clientId: 'sys-watch' });
    watcher.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '$SYS/broker/publish/messages/dropped', qos: 0 }] } as Packet);
    await watcher.next('suback');
    const m = await watcher.next('publish');
    assert.equal(m.payload.toString(), '55');
    await tb.broker.close();
  });

  it('a held publisher that sends DISCONNECT and closes: what it sent is handled, its will is not published', async () => {
    const tb = await startBroker({ limits: { maxInflight: 2, maxQueued: 8 } });
    const sub = RawClient.attach(tb);
    await sub.connect({ clientId: 'held-sub' });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'h/#', qos: 1 }] } as Packet);
    await sub.next('suback');
    const pub = RawClient.attach(tb);
    await pub.connect({ clientId: 'held-pub', will: { topic: 'h/will', payload: Buffer.from('gone'), qos: 0, retain: false } });
    for (let i = 1; i <= 10; i++) pub.send({ cmd: 'publish', topic: 'h/t', payload: Buffer.from(String(i)), qos: 1, messageId: i, retain: false, dup: false } as Packet);
    await pub.ping();
    assert.ok(pub.packets.filter((p) => p.cmd === 'puback').length < 10, 'the publisher is held');
    pub.send({ cmd: 'disconnect' } as Packet);
    pub.end();
    await pub.waitClosed();
    const closed = tb.logger.events('connection-closed').find((l) => l.fields.clientId === 'held-pub')!;
    assert.equal(closed.fields.reason, 'client-disconnect');
    // the subscriber acknowledges everything it gets: the will never comes, all 10 do
    const topics: string[] = [];
    while (topics.length < 10) {
      const m = await sub.next('publish');
      sub.send({ cmd: 'puback', messageId: m.messageId } as Packet);
      topics.push(m.topic);
    }
    await sub.ping();
    assert.deepEqual(topics, Array(10).fill('h/t'));
    assert.equal(sub.packets.some((p) => p.cmd === 'publish'), false, 'no will');
    await tb.broker.close();
  });

  it('QoS 0 is dropped before QoS 1/2: an offline queue takes QoS 0 only up to half of maxQueued', async () => {
    const tb = await startBroker({ limits: { maxQueued: 10, queueQos0: true } });
    const sub = RawClient.attach(tb);
    await sub.connect({ clientId: 'q0', clean: false });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'q/#', qos: 1 }] } as Packet);
    await sub.next('suback');
    sub.end();
    await sub.waitClosed();
    const pub = RawClient.attach(tb);
    await pub.connect({ clientId: 'q0-pub' });
    for (let i = 0; i < 8; i++) pub.send({ cmd: 'publish', topic: 'q/0', payload: Buffer.from('x'), qos: 0, retain: false, dup: false } as Packet);
    for (let i = 1; i <= 8; i++) pub.send({ cmd: 'publish', topic: 'q/1', payload: Buffer.from('y'), qos: 1, messageId: i, retain: false, dup: false } as Packet);
    await pub.waitFor(() => pub.packets.filter((p) => p.cmd === 'puback').length === 8 || undefined, 2000, 'PUBACKs');
    const q = [...tb.broker.sessions.get('q0')!.queue].map((e) => e.message.qos);
    assert.deepEqual(q, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], '5 QoS 0 (half), then QoS 1 up to 10');
    assert.equal(tb.broker.counters.droppedQueueFull, 3 + 3);
    await tb.broker.close();
  });
});

describe('queue cost', () => {
  /**
   * Keep a session's queue at `depth` entries (filled before the clock starts) and time `ops` steady-state
   * steps: one message queued, one inflight acknowledged, one moved from the queue into the window.
   */
  function steadyStateNsPerOp(depth: number, ops: number): number {
    const limits = testLimits({ maxQueued: depth + ops + 64, maxInflight: 32 });
    const ctx: DeliveryContext = {
      limits,
      logger: new ArrayLogger(),
      journal: { saveOutbound: () => Promise.resolve(), deleteOutbound: () => Promise.resolve() },
      clock: new ManualClock(),
      authorizer: new TestAuthorizer(),
      countReadDenied: () => undefined,
      countSent: () => undefined,
      countDropped: () => assert.fail('nothing may be dropped'),
      countSlowConsumer: () => undefined,
      background: () => undefined,
    };
    const session = new Session('cost', true, 4, 0);
    const message = { topic: 't', payload: Buffer.from('p'), qos: 1 as const, retain: false, receivedAt: 0 };
    for (let i = 0; i < depth; i++) deliver(ctx, session, message, null);
    const acks: number[] = [];
    let head = 0;
    session.link = { open: true, sendQos0: () => true, sendEntry: (entry: OutboundEntry) => void acks.push(entry.packetId!) };
    drain(ctx, session);
    const t0 = performance.now();
    for (let i = 0; i < ops; i++) {
      deliver(ctx, session, message, null);
      session.inflight.delete(acks[head++]!);
      drain(ctx, session);
    }
    const t1 = performance.now();
    assert.equal(session.queue.length, depth - 32, 'the queue stayed at its depth');
    return ((t1 - t0) * 1e6) / ops;
  }

  it('per-message cost of queueing and draining does not grow with the queue: 1,000 vs 100,000 queued', () => {
    steadyStateNsPerOp(1_000, 20_000); // warm-up
    const best = (depth: number): number => Math.min(...[0, 1, 2, 3, 4].map(() => steadyStateNsPerOp(depth, 20_000)));
    const shallow = best(1_000);
    const deep = best(100_000);
    // O(queue length) per message (Array#shift, a scan) would make the deep queue ~100x dearer; allow 3x for GC and load
    assert.ok(deep < shallow * 3, `${deep.toFixed(0)} ns/msg at 100,000 queued vs ${shallow.toFixed(0)} at 1,000`);
  });
});
