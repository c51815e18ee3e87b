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

const VALID_CODES = new Set([0x00, 0x01, 0x02, 0x80]);
/** Packet id of the last SUBSCRIBE a scenario built byte by byte. */
const lastRawSubscribe = new WeakMap<ConformanceWorld, number>();

When('client {string} sends SUBSCRIBE with packet id {int} for {string} at QoS {qos}', function (this: ConformanceWorld, name: string, id: number, filter: string, qos: number) {
  areaState(this).requested.set(name, [qos]);
  this.client(name).send({ cmd: 'subscribe', messageId: id, subscriptions: [{ topic: this.topic(filter), qos }] } as unknown as Packet);
});

When('client {string} subscribes in one SUBSCRIBE to:', async function (this: ConformanceWorld, name: string, table: DataTable) {
  const subscriptions = table.hashes().map((row) => ({ topic: this.topic(row.filter ?? ''), qos: Number(row.qos) }));
  areaState(this).requested.set(name, subscriptions.map((s) => s.qos));
  await subscribe(this, name, subscriptions);
});

Given('client {string} is granted QoS {qos} on {string}', async function (this: ConformanceWorld, name: string, qos: number, filter: string) {
  const suback = await subscribe(this, name, [{ topic: this.topic(filter), qos }]);
  // The scenario needs the requested QoS granted; the profile's maxQos (and the @qos tags) say whether the target grants it.
  assert.equal(suback.granted[0], qos, `the subscription to ${filter} had to be granted QoS ${qos} (profile maxQos ${this.target.profile.maxQos}); SUBACK said ${suback.granted[0]}`);
});

Then('client {string} gets one SUBACK return code per filter in order, none above the QoS requested', function (this: ConformanceWorld, name: string) {
  const suback = this.lastSuback.get(name);
  const requested = areaState(this).requested.get(name);
  assert.ok(suback !== undefined && requested !== undefined, `${name} has no SUBACK for a SUBSCRIBE of this area`);
  const granted = suback.granted as number[];
  // [MQTT-3.8.4-5] one code per filter; [MQTT-3.9.3-1] in the order of the filters.
  assert.equal(granted.length, requested.length, `one return code per filter (${requested.length}) was due; the broker sent ${granted.length}: ${granted.join(', ')}`);
  granted.forEach((code, i) => {
    // [MQTT-3.9.3-2] only 0x00, 0x01, 0x02 and 0x80 may be used.
    assert.ok(VALID_CODES.has(code), `return code ${i + 1} is 0x${code.toString(16)}, a reserved value`);
    // The granted QoS may be lower than requested, never higher; 0x80 (failure) is always allowed.
    const wanted = requested[i] ?? 0;
    assert.ok(code === 0x80 || code <= wanted, `return code ${i + 1} grants QoS ${code} for a filter that asked QoS ${wanted}: codes out of order or above the request (codes ${granted.join(', ')} for requested ${requested.join(', ')})`);
  });
});

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
