// Bounded memory under hostile input: clients that announce large packets and trickle their bytes
// over real TCP cannot make the broker hold more than maxBufferedInputBytes of partial packets; the
// connection with the largest partial packet is closed, logged once, and others keep working.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Packet } from 'mqtt-packet';
import { InputBudget } from '../core/input-budget.ts';
import type { BudgetHolder } from '../core/input-budget.ts';
import { RawClient, startBroker } from './doubles.ts';

async function until(cond: () => boolean, ms: number, what: string, detail?: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${detail ? ': ' + detail() : ''}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('input budget', () => {
  it('closes the holder of the largest partial packet (the newest on a tie), warns once per episode', () => {
    const warnings: Record<string, unknown>[] = [];
    const budget = new InputBudget(100, (f) => warnings.push(f));
    const evicted: number[] = [];
    const holder = (seq: number): BudgetHolder => ({ seq, evict: () => { evicted.push(seq); budget.set(h[seq - 1]!, 0); } });
    const h = [1, 2, 3, 4].map(holder);
    budget.set(h[0]!, 40);
    budget.set(h[1]!, 30);
    budget.set(h[2]!, 30);
    assert.deepEqual(evicted, []);
    budget.set(h[3]!, 10); // 110 > 100: the largest (40) goes
    assert.deepEqual(evicted, [1]);
    assert.equal(budget.total, 70);
    budget.set(h[3]!, 50); // 110 again: h4 (50) is the largest
    assert.deepEqual(evicted, [1, 4]);
    budget.set(h[0]!, 41); // 101: h2 and h3 tie at 30 under h1's 41, so h1
    assert.deepEqual(evicted, [1, 4, 1]);
    assert.equal(warnings.length, 1, 'one warning while the budget stays above half');
    budget.set(h[1]!, 0);
    budget.set(h[2]!, 0);
    budget.set(h[1]!, 60);
    budget.set(h[2]!, 60); // tie at 60: the newest (h3)
    assert.deepEqual(evicted, [1, 4, 1, 3]);
    assert.equal(warnings.length, 2, 'a new episode after the total fell below half');
    assert.ok(budget.peak <= 100);
  });

  it('twenty clients trickling 1 MiB packets over TCP: buffered input never exceeds the budget, a witness keeps working', async () => {
    const limit = 1024 * 1024;
    const tb = await startBroker({ limits: { maxPacketSize: 1024 * 1024, maxBufferedInputBytes: limit, maxConnections: 100 } });
    const server = createServer((socket) => tb.broker.handle(socket, { transport: 'tcp', remoteAddress: socket.remoteAddress }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const open = async (): Promise<{ raw: RawClient; socket: Socket }> => {
      const socket = connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      return { raw: new RawClient(socket), socket };
    };
    try {
      const witness = await open();
      await witness.raw.connect({ clientId: 'witness' });
      witness.raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'w', qos: 1 }] } as Packet);
      await witness.raw.next('suback');

      const tricklers = await Promise.all(Array.from({ length: 20 }, () => open()));
      await Promise.all(tricklers.map((t, i) => t.raw.connect({ clientId: `trickle-${i}` })));
      // PUBLISH QoS 0, Remaining Length 1,000,000 (0xc0 0x84 0x3d), topic "t": the body never completes
      for (const t of tricklers) t.socket.write(Buffer.from([0x30, 0xc0, 0x84, 0x3d, 0x00, 0x01, 0x74]));
      const chunk = Buffer.alloc(1024, 0x61);
      for (let round = 0; round < 100; round++) {
        for (const t of tricklers) if (!t.raw.closed) t.socket.write(chunk);
        await new Promise((r) => setImmediate(r));
        assert.ok(tb.broker.inputBudget.total <= limit, `round ${round}: ${tb.broker.inputBudget.total} buffered`);
      }
      // everything written has arrived: each survivor holds its 7-byte start and 100 KiB
      const perClient = 7 + 100 * 1024;
      await until(() => {
        const alive = tricklers.filter((t) => !t.raw.closed).length;
        return tb.broker.inputBudget.total === alive * perClient;
      }, 5000, 'the trickled bytes to arrive', () => `${tb.broker.inputBudget.total} buffered, ${tricklers.filter((t) => !t.raw.closed).length} open`);
      const evictions = tb.logger.events('connection-closed').filter((l) => l.fields['reason'] === 'input-budget-exceeded');
      assert.ok(evictions.length >= 10, `2 MiB announced-and-sent against a 1 MiB budget evicts about half (got ${evictions.length})`);
      assert.equal(tb.broker.counters.inputBudgetEvictions, evictions.length);
      assert.ok(tb.broker.inputBudget.peak <= limit, `peak ${tb.broker.inputBudget.peak} <= ${limit}`);
      assert.equal(tb.logger.events('input-budget-exhausted').length, 1, 'logged once for the episode');
      await until(() => tricklers.filter((t) => t.raw.closed).length === evictions.length, 2000, 'evicted clients to see the close');

      // the witness was never a holder of a partial packet and still works
      witness.raw.send({ cmd: 'publish', topic: 'w', payload: Buffer.from('alive'), qos: 1, messageId: 7, retain: false, dup: false } as Packet);
      assert.equal((await witness.raw.next('publish')).payload.toString(), 'alive');
      await witness.raw.next('puback');
      for (const t of tricklers) t.socket.destroy();
      witness.socket.destroy();
      await until(() => tb.broker.inputBudget.total === 0, 2000, 'closed connections to release their bytes');
    } finally {
      await tb.broker.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('packets sent behind a CONNECT whose check is pending are bounded: reading pauses until CONNACK', async () => {
    const tb = await startBroker();
    let letIn: (r: 'ok') => void = () => undefined;
    tb.authorizer.authenticate = () => new Promise((r) => (letIn = r));
    let accepted: Socket | undefined;
    const server = createServer((socket) => {
      accepted = socket;
      tb.broker.handle(socket, { transport: 'tcp' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      const raw = new RawClient(socket);
      raw.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'flood' } as Packet);
      raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'f', qos: 0 }] } as Packet);
      const publish = { cmd: 'publish', topic: 'f', payload: Buffer.alloc(16 * 1024), qos: 0, retain: false, dup: false } as Packet;
      // 64 MiB offered while authentication is pending; the socket's write buffer shows the back-pressure
      let offered = 0;
      while (offered < 64 * 1024 * 1024 && socket.writableLength < 8 * 1024 * 1024) {
        raw.send(publish);
        offered += 16 * 1024;
        if (offered % (64 * 1024) === 0) await new Promise((r) => setImmediate(r));
      }
      assert.ok(socket.writableLength >= 8 * 1024 * 1024, `the broker stopped reading (client buffer ${socket.writableLength})`);
      assert.ok(accepted!.bytesRead < 2 * 1024 * 1024, `the broker read ${accepted!.bytesRead} bytes before CONNACK`);
      letIn('ok');
      await raw.next('connack');
      await raw.next('suback');
      await raw.next('publish', 5000); // reading resumed after CONNACK: the backlog is delivered
      socket.destroy();
    } finally {
      await tb.broker.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
