// Keep Alive: the server's timeout measured against the time the client last sent a packet, and
// paced traffic that must keep a connection open. Windows: close no earlier than 1.0 × keep alive
// and no later than 1.5 × keep alive + 0.5 s (the upper bound scaled by the target's time scale).
import { When, Then } from '../support/define.ts';
import type { Packet, IConnackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import type { ConformanceWorld } from '../support/world.ts';

/** Tolerance past 1.5 × keep alive, for scheduling and network delay. */
const LATE_TOLERANCE_MS = 500;

interface Silence {
  keepaliveS: number;
  /** Before the connection was opened: no later than the broker can have received the CONNECT (the lower bound counts from here). */
  sentAt: number;
  /** When the CONNACK arrived: no earlier than the broker received the CONNECT (the upper bound counts from here). */
  ackedAt: number;
}

const silences = new WeakMap<ConformanceWorld, Map<string, Silence>>();

function silencesOf(world: ConformanceWorld): Map<string, Silence> {
  let map = silences.get(world);
  if (map === undefined) silences.set(world, (map = new Map()));
  return map;
}

/** The staggered silent connections of a scenario, in start order. */
const groups = new WeakMap<ConformanceWorld, string[]>();

// A broker may check keep alives on a coarse timer; a single connection then lands at a random phase of
// it and the verdict changes from run to run. Connections started one after another over a span longer
// than such a timer's period see every phase of it, and are judged together: the verdict is the same
// on every run (notes: Mosquitto 2.0.11 closes all its keep-alive-1 s connections on one ~5 s tick).
When('{int} clients connect with keep alive {int} second(s), one every {int} ms, and then send nothing', { timeout: 60_000 }, async function (this: ConformanceWorld, count: number, keepaliveS: number, everyMs: number) {
  const names: string[] = [];
  const start = Date.now();
  for (let i = 1; i <= count; i++) {
    const wait = start + (i - 1) * everyMs - Date.now();
    // Pacing the starts (not waiting for anything to settle): the stagger is the measurement's design.
    if (wait > 0) await delay(wait);
    const name = `silent${i}`;
    const sentAt = Date.now();
    const connack = (await this.connectAndWait(name, { clean: true, keepalive: keepaliveS })) as IConnackPacket;
    const ackedAt = Date.now();
    assert.equal(connack.returnCode, 0, `expected the CONNECT of ${name} to be accepted; the broker answered ${connack.returnCode}`);
    silencesOf(this).set(name, { keepaliveS, sentAt, ackedAt });
    names.push(name);
  }
  groups.set(this, names);
});

Then('the broker closes each of those connections after 1 to 1.5 times its keep alive', { timeout: 60_000 }, async function (this: ConformanceWorld) {
  const names = groups.get(this);
  assert.ok(names !== undefined && names.length > 0, 'no staggered silent connections in this scenario');
  // The broker's keep-alive clock starts when it takes the CONNECT, somewhere between our opening the
  // connection and the CONNACK's arrival: early closes are judged from the first, late ones from the second.
  const verdicts: { name: string; early: number | undefined; late: number | undefined; lowerMs: number; upperMs: number }[] = [];
  // Wait for every close (or its deadline) before judging, so the message shows the whole pattern.
  await Promise.all(
    names.map(async (name) => {
      const silence = silencesOf(this).get(name);
      assert.ok(silence !== undefined);
      const lowerMs = silence.keepaliveS * 1000;
      const upperMs = this.ms(silence.keepaliveS * 1500 + LATE_TOLERANCE_MS);
      const connection = this.client(name);
      const remaining = upperMs - (Date.now() - silence.ackedAt);
      const closed = await connection.waitClosed(Math.max(remaining, 0) + 1).then(() => true, () => false);
      const at = connection.closedAt ?? Date.now();
      verdicts.push({ name, early: closed ? at - silence.sentAt : undefined, late: closed ? at - silence.ackedAt : undefined, lowerMs, upperMs });
    }),
  );
  verdicts.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const outside = verdicts.filter((v) => v.early === undefined || v.late === undefined || v.early < v.lowerMs || v.late > v.upperMs);
  const show = (v: (typeof verdicts)[number]): string => (v.late === undefined ? `open at ${(v.upperMs / 1000).toFixed(1)} s` : `${(v.late / 1000).toFixed(2)} s`);
  const first = verdicts[0];
  this.attach(`keep-alive closes after the CONNACK: ${verdicts.map(show).join(', ')}`, 'text/plain');
  // [MQTT-3.1.2-24] no packet for 1.5 × keep alive → the server closes the connection (and not before the keep alive).
  assert.equal(
    outside.length,
    0,
    `expected every silent connection closed between ${((first?.lowerMs ?? 0) / 1000).toFixed(1)} s and ${((first?.upperMs ?? 0) / 1000).toFixed(1)} s (1.5 × keep alive + ${LATE_TOLERANCE_MS} ms) after its CONNECT; ${outside.length} of ${verdicts.length} were not: ${verdicts.map(show).join(', ')} (started ${verdicts.length > 1 ? 'staggered' : 'once'})`,
  );
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
  await connection.expectNone((p) => p.cmd === 'pingresp', this.silence(), `more than ${count} PINGRESP packets`, { barrierMs: this.ms() });
});

Then('the connection of client {string} stays open for {float} seconds', async function (this: ConformanceWorld, name: string, seconds: number) {
  await this.client(name).expectOpenFor(this.ms(seconds * 1000));
});
