// Keep Alive: the server's timeout measured against the time the client last sent a packet, and
// paced traffic that must keep a connection open. Windows: close no earlier than 1.0 × keep alive
// and no later than 1.5 × keep alive + 0.5 s (the upper bound scaled by the target's time scale).
import { When, Then } from '../support/define.ts';
import type { Packet, IConnackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';

/** Tolerance past 1.5 × keep alive, for scheduling and network delay. */
const LATE_TOLERANCE_MS = 500;

interface Silence {
  keepaliveS: number;
  lastSentAt: number;
}

const silences = new WeakMap<ConformanceWorld, Map<string, Silence>>();

function silencesOf(world: ConformanceWorld): Map<string, Silence> {
  let map = silences.get(world);
  if (map === undefined) silences.set(world, (map = new Map()));
  return map;
}

When('client {string} connects with keep alive {int} second(s) and then sends nothing', async function (this: ConformanceWorld, name: string, keepaliveS: number) {
  const lastSentAt = Date.now();
  const connack = (await this.connectAndWait(name, { clean: true, keepalive: keepaliveS })) as IConnackPacket;
  assert.equal(connack.returnCode, 0, `expected the CONNECT to be accepted; the broker answered ${connack.returnCode}`);
  silencesOf(this).set(name, { keepaliveS, lastSentAt });
});

Then('the broker closes the connection of client {string} after 1 to 1.5 times its keep alive', async function (this: ConformanceWorld, name: string) {
  const silence = silencesOf(this).get(name);
  assert.ok(silence !== undefined, `client ${name} did not connect with "and then sends nothing"`);
  const lowerMs = silence.keepaliveS * 1000;
  const upperMs = this.ms(silence.keepaliveS * 1500 + LATE_TOLERANCE_MS);
  const remaining = upperMs - (Date.now() - silence.lastSentAt);
  // [MQTT-3.1.2-24] no packet for 1.5 × keep alive → the server closes the connection.
  await this.client(name).waitClosed(Math.max(remaining, 0) + 1).catch(() => {
    throw new assert.AssertionError({
      message: `expected the broker to close ${name}'s connection within 1.5 × ${silence.keepaliveS} s (+${LATE_TOLERANCE_MS} ms tolerance) of its last packet; it was still open after ${Date.now() - silence.lastSentAt} ms`,
    });
  });
  const elapsed = Date.now() - silence.lastSentAt;
  assert.ok(elapsed >= lowerMs, `expected the broker to wait at least the keep alive (${lowerMs} ms) before closing; it closed after ${elapsed} ms`);
  assert.ok(elapsed <= upperMs, `expected the close within ${upperMs} ms of the last packet; it came after ${elapsed} ms`);
});

async function pace(world: ConformanceWorld, name: string, everyMs: number, forMs: number, send: () => void): Promise<void> {
  const connection = world.client(name);
  const until = Date.now() + forMs;
  while (Date.now() < until) {
    send();
    // The pause between packets is itself checked: the connection must stay open through it.
    await connection.expectOpenFor(Math.min(everyMs, Math.max(until - Date.now(), 1)));
  }
}

When('client {string} sends a PINGREQ every {int} ms for {int} ms', async function (this: ConformanceWorld, name: string, everyMs: number, forMs: number) {
  await pace(this, name, everyMs, forMs, () => this.client(name).send({ cmd: 'pingreq' } as Packet));
});

When('client {string} publishes to {string} every {int} ms for {int} ms', async function (this: ConformanceWorld, name: string, topic: string, everyMs: number, forMs: number) {
  let n = 0;
  await pace(this, name, everyMs, forMs, () =>
    this.client(name).send({ cmd: 'publish', topic: this.topic(topic), payload: Buffer.from(String(++n)), qos: 0, retain: false, dup: false } as Packet));
});

When('client {string} sends {int} PINGREQ packets', function (this: ConformanceWorld, name: string, count: number) {
  for (let i = 0; i < count; i++) this.client(name).send({ cmd: 'pingreq' } as Packet);
});

Then('client {string} receives {int} PINGRESP packets', async function (this: ConformanceWorld, name: string, count: number) {
  const connection = this.client(name);
  for (let i = 1; i <= count; i++) await connection.expect((p) => p.cmd === 'pingresp', this.ms(), `PINGRESP number ${i} of ${count}`);
  await connection.expectNone((p) => p.cmd === 'pingresp', this.silence(), `more than ${count} PINGRESP packets`);
});

Then('the connection of client {string} stays open for {float} seconds', async function (this: ConformanceWorld, name: string, seconds: number) {
  await this.client(name).expectOpenFor(this.ms(seconds * 1000));
});
