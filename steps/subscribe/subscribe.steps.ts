// SUBSCRIBE and SUBACK in this area's words: explicit packet ids, several filters in one packet,
// refused (invalid) filters, malformed SUBSCRIBE packets built byte by byte.
import type { DataTable } from '@cucumber/cucumber';
import { Given, When, Then } from '../support/define.ts';
import type { Packet, ISubackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { subscribe } from '../common/subscription.steps.ts';
import { encodeSubscribe } from '../publish/raw-packets.ts';
import { areaState, packetOrClose, resolveTopic } from '../publish/outcome.ts';
import { profileMismatch } from '../support/verdicts.ts';

const VALID_CODES = new Set([0x00, 0x01, 0x02, 0x80]);
/** The filters of each client's last "subscribes in one SUBSCRIBE to:" (topics in full). */
const lastFilters = new WeakMap<ConformanceWorld, Map<string, { topic: string; qos: number }[]>>();
/** Packet id of the last SUBSCRIBE a scenario built byte by byte. */
const lastRawSubscribe = new WeakMap<ConformanceWorld, number>();

When('client {string} sends SUBSCRIBE with packet id {int} for {string} at QoS {qos}', function (this: ConformanceWorld, name: string, id: number, filter: string, qos: number) {
  areaState(this).requested.set(name, [qos]);
  this.client(name).send({ cmd: 'subscribe', messageId: id, subscriptions: [{ topic: this.topic(filter), qos }] } as unknown as Packet);
});

When('client {string} subscribes in one SUBSCRIBE to:', async function (this: ConformanceWorld, name: string, table: DataTable) {
  const subscriptions = table.hashes().map((row) => ({ topic: this.topic(row.filter ?? ''), qos: Number(row.qos) }));
  areaState(this).requested.set(name, subscriptions.map((s) => s.qos));
  const byClient = lastFilters.get(this) ?? new Map<string, { topic: string; qos: number }[]>();
  lastFilters.set(this, byClient.set(name, subscriptions));
  await subscribe(this, name, subscriptions);
});

Given('client {string} is granted QoS {qos} on {string}', async function (this: ConformanceWorld, name: string, qos: number, filter: string) {
  const suback = await subscribe(this, name, [{ topic: this.topic(filter), qos }]);
  const granted = Number(suback.granted[0]);
  // 3.1.1 lets a server grant less than asked [MQTT-3.8.4-5]: a lower grant says the profile's maxQos is wrong, not the broker.
  if (granted !== 0x80 && granted < qos) {
    return profileMismatch(this, `the broker granted QoS ${granted} for a QoS ${qos} subscription to ${filter}`, `a profile with "maxQos": ${granted} would fit`);
  }
  assert.equal(granted, qos, `the subscription to ${filter} had to be granted QoS ${qos} (profile maxQos ${this.target.profile.maxQos}); SUBACK said ${granted === 0x80 ? '0x80 (failure)' : granted}`);
  return undefined;
});

Then('client {string} gets one SUBACK return code per filter', function (this: ConformanceWorld, name: string) {
  const { granted, requested } = lastSubscribe(this, name);
  // [MQTT-3.8.4-5] one return code for each Topic Filter/QoS pair.
  assert.equal(granted.length, requested.length, `one return code per filter (${requested.length}) was due; the broker sent ${granted.length}: ${granted.join(', ')}`);
});

Then('every SUBACK return code of client {string} is 0x00, 0x01, 0x02 or 0x80', function (this: ConformanceWorld, name: string) {
  const { granted } = lastSubscribe(this, name);
  // [MQTT-3.9.3-2] only 0x00, 0x01, 0x02 and 0x80 may be used.
  granted.forEach((code, i) => assert.ok(VALID_CODES.has(code), `return code ${i + 1} is 0x${code.toString(16)}, a reserved value (codes ${granted.join(', ')})`));
});

Then('no SUBACK return code of client {string} grants more than the QoS its filter asked', function (this: ConformanceWorld, name: string) {
  const { granted, requested } = lastSubscribe(this, name);
  // [MQTT-3.8.4-5] the code is the maximum QoS granted (never above the request) or 0x80.
  granted.forEach((code, i) => {
    const wanted = requested[i] ?? 0;
    assert.ok(code === 0x80 || code <= wanted, `return code ${i + 1} grants QoS ${code} for a filter that asked QoS ${wanted} (codes ${granted.join(', ')} for requested ${requested.join(', ')})`);
  });
});

Then('the SUBACK return codes of client {string} follow the order of its filters', async function (this: ConformanceWorld, name: string) {
  const { granted, filters } = lastSubscribe(this, name);
  // [MQTT-3.9.3-1] code i answers filter i. What the broker grants each filter on its own (subscribing
  // it again replaces the same subscription [MQTT-3.8.4-3]) is the code due at its position, so a
  // reordered SUBACK is caught even from a broker that grants less than was asked.
  const combined = this.lastSuback.get(name);
  const alone: number[] = [];
  for (const filter of filters) alone.push(Number((await subscribe(this, name, [filter])).granted[0]));
  // Later steps judge the SUBACK of the whole SUBSCRIBE, not these single-filter ones.
  if (combined !== undefined) this.lastSuback.set(name, combined);
  assert.deepEqual(granted, alone, `the codes had to follow the filters' order: each filter subscribed alone is granted ${alone.join(', ')}, but the SUBACK for all of them said ${granted.join(', ')}`);
});

function lastSubscribe(world: ConformanceWorld, name: string): { granted: number[]; requested: number[]; filters: { topic: string; qos: number }[] } {
  const suback = world.lastSuback.get(name);
  const filters = lastFilters.get(world)?.get(name);
  assert.ok(suback !== undefined && filters !== undefined, `${name} has no SUBACK for a SUBSCRIBE of this area`);
  return { granted: suback.granted.map(Number), requested: filters.map((f) => f.qos), filters };
}

When('client {string} subscribes to the invalid filter {string}', function (this: ConformanceWorld, name: string, filter: string) {
  const id = this.packetId();
  areaState(this).requested.set(name, [0]);
  this.client(name).sendRaw(encodeSubscribe(id, [{ filter: resolveTopic(this, filter), optionsByte: 0 }]), `SUBSCRIBE id ${id} for invalid filter "${resolveTopic(this, filter)}"`);
  lastRawSubscribe.set(this, id);
});

When('client {string} subscribes to {string} with a Requested QoS byte of {string}', function (this: ConformanceWorld, name: string, filter: string, hex: string) {
  const id = this.packetId();
  this.client(name).sendRaw(encodeSubscribe(id, [{ filter: this.topic(filter), optionsByte: Number.parseInt(hex, 16) }]), `SUBSCRIBE id ${id} with Requested QoS byte 0x${hex}`);
  lastRawSubscribe.set(this, id);
});

When('client {string} sends SUBSCRIBE for {string} with fixed header flags {string}', function (this: ConformanceWorld, name: string, filter: string, bits: string) {
  const id = this.packetId();
  this.client(name).sendRaw(encodeSubscribe(id, [{ filter: this.topic(filter), optionsByte: 0 }], Number.parseInt(bits, 2)), `SUBSCRIBE id ${id} with fixed header flags ${bits}`);
  lastRawSubscribe.set(this, id);
});

Then('the broker refuses the subscription of client {string}', async function (this: ConformanceWorld, name: string) {
  const id = lastRawSubscribe.get(this);
  assert.ok(id !== undefined, 'no SUBSCRIBE of this area was sent');
  // MQTT 3.1.1 allows either answer to a filter it cannot accept: a SUBACK with the failure code
  // 0x80 [MQTT-3.8.4-5], or closing the connection for the protocol violation [MQTT-4.8.0-1].
  const outcome = await packetOrClose(this.client(name), (p) => p.cmd === 'suback' && p.messageId === id, this.ms(), `a SUBACK with packet id ${id}`);
  if (outcome.kind === 'packet') {
    const granted = (outcome.packet as ISubackPacket).granted as number[];
    assert.deepEqual(granted, [0x80], `an invalid filter must be refused (SUBACK 0x80 or a closed connection); the broker granted it: SUBACK ${granted.join(', ')}`);
  }
});

Then('client {string} receives {string} on {string} unless its SUBACK refused the filter', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  const suback = this.lastSuback.get(name);
  assert.ok(suback !== undefined, `${name} has no SUBACK`);
  // [MQTT-3.8.3-2] a server without wildcard support must refuse; one that grants must deliver.
  if (suback.granted[0] === 0x80) return;
  await this.expectPublish(name, this.topic(topic), payload, `PUBLISH "${payload}" on ${topic} (the wildcard subscription was granted)`);
});
