// SUBSCRIBE / UNSUBSCRIBE and their acknowledgements. Filters are written relative to the
// scenario's topic prefix.
import type { DataTable } from '@cucumber/cucumber';
import { Given, When, Then } from '../support/define.ts';
import type { Packet, ISubackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';

export async function subscribe(world: ConformanceWorld, name: string, subscriptions: { topic: string; qos: number }[]): Promise<ISubackPacket> {
  const messageId = world.packetId();
  const client = world.client(name);
  client.send({ cmd: 'subscribe', messageId, subscriptions } as unknown as Packet);
  const suback = (await client.expect(
    (p) => p.cmd === 'suback' && p.messageId === messageId,
    world.ms(),
    `a SUBACK with packet id ${messageId}`,
  )) as ISubackPacket;
  world.lastSuback.set(name, suback);
  const held = (world.subscriptions.get(name) ?? []).filter((s) => !subscriptions.some((n) => n.topic === s.filter));
  subscriptions.forEach((s, i) => held.push({ filter: s.topic, granted: Number(suback.granted[i] ?? 0x80) }));
  world.subscriptions.set(name, held);
  return suback;
}

function formatCodes(codes: readonly (number | object)[]): string {
  return codes.map((c) => (typeof c === 'number' ? `0x${c.toString(16).padStart(2, '0')}` : JSON.stringify(c))).join(', ');
}

export function parseCodes(text: string): number[] {
  return text.split(',').map((s) => Number(s.trim()));
}

When('client {string} subscribes to {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  await subscribe(this, name, [{ topic: this.topic(filter), qos }]);
});

Given('client {string} is subscribed to {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  const suback = await subscribe(this, name, [{ topic: this.topic(filter), qos }]);
  assert.notEqual(suback.granted[0], 0x80, `expected the subscription to ${filter} to be accepted; SUBACK said 0x80 (failure)`);
});

When('client {string} subscribes to:', async function (this: ConformanceWorld, name: string, table: DataTable) {
  const subscriptions = table.hashes().map((row) => ({ topic: this.topic(row.filter ?? ''), qos: Number(row.qos) }));
  await subscribe(this, name, subscriptions);
});

Then('client {string} receives SUBACK with return codes {string}', function (this: ConformanceWorld, name: string, expected: string) {
  const suback = this.lastSuback.get(name);
  assert.ok(suback !== undefined, `${name} has no SUBACK`);
  assert.deepEqual(suback.granted, parseCodes(expected), `expected SUBACK return codes ${formatCodes(parseCodes(expected))}; the broker sent ${formatCodes(suback.granted)}`);
});

When('client {string} unsubscribes from {string}', async function (this: ConformanceWorld, name: string, filter: string) {
  const messageId = this.packetId();
  const client = this.client(name);
  client.send({ cmd: 'unsubscribe', messageId, unsubscriptions: [this.topic(filter)] } as unknown as Packet);
  forgetSubscriptions(this, name, [this.topic(filter)]);
  await client.expect((p) => p.cmd === 'unsuback' && p.messageId === messageId, this.ms(), `an UNSUBACK with packet id ${messageId}`);
});

/** The scenario's record of a client's subscriptions, minus the filters it unsubscribes from. */
export function forgetSubscriptions(world: ConformanceWorld, name: string, filters: readonly string[]): void {
  const held = world.subscriptions.get(name);
  if (held !== undefined) world.subscriptions.set(name, held.filter((s) => !filters.includes(s.filter)));
}
