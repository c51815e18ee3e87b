// The QoS flows packet by packet: PUBLISH with an explicit packet id (and DUP), the acknowledgements
// either side sends, bursts sent without waiting, and deliveries left unacknowledged on purpose.
import { Given, When, Then } from '../support/define.ts';
import type { Packet, IPublishPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { areaState } from './outcome.ts';
import { ExpectationError } from '../../harness/probe/index.ts';
import { notApplicable } from '../support/verdicts.ts';
import { encodePublish, encodePubrel } from './raw-packets.ts';

function sendPublish(world: ConformanceWorld, name: string, payload: string, topic: string, qos: 0 | 1 | 2, id: number | undefined, dup: boolean): void {
  world.client(name).send({ cmd: 'publish', topic: world.topic(topic), payload: Buffer.from(payload), qos, retain: false, dup, messageId: id } as Packet);
}

When('client {string} sends PUBLISH {string} to {string} at QoS {qos} with packet id {int}', function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: 0 | 1 | 2, id: number) {
  sendPublish(this, name, payload, topic, qos, id, false);
});

When('client {string} sends PUBLISH {string} to {string} at QoS {qos} with packet id {int} and the DUP flag set', function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: 0 | 1 | 2, id: number) {
  sendPublish(this, name, payload, topic, qos, id, true);
});

When('client {string} sends {packetType} with packet id {int}', function (this: ConformanceWorld, name: string, cmd: string, id: number) {
  this.client(name).send({ cmd, messageId: id } as Packet);
});

Then('client {string} receives {packetType} with packet id {int}', async function (this: ConformanceWorld, name: string, cmd: string, id: number) {
  const packet = await this.client(name).expect((p) => p.cmd === cmd && 'messageId' in p && p.messageId === id, this.ms(), `a ${cmd.toUpperCase()} with packet id ${id}`);
  if (packet.cmd === 'suback') this.lastSuback.set(name, packet);
});

When('client {string} sends PUBREL with packet id {int} and fixed header flags {string}', function (this: ConformanceWorld, name: string, id: number, bits: string) {
  this.client(name).sendRaw(encodePubrel(id, Number.parseInt(bits, 2)), `PUBREL id ${id} with fixed header flags ${bits}`);
});

When('client {string} sends a PUBLISH to {string} with both QoS bits set', function (this: ConformanceWorld, name: string, topic: string) {
  this.client(name).sendRaw(encodePublish({ topic: this.topic(topic), qos: 3, id: this.packetId(), payload: Buffer.from('qos3') }), 'PUBLISH with QoS bits 11');
});

When('client {string} sends messages {int} to {int} to {string} at QoS {qos} without waiting for acknowledgements', function (this: ConformanceWorld, name: string, from: number, to: number, topic: string, qos: 0 | 1 | 2) {
  const ids: number[] = [];
  for (let i = from; i <= to; i++) {
    const id = this.packetId();
    ids.push(id);
    sendPublish(this, name, String(i), topic, qos, id, false);
  }
  areaState(this).burstIds.set(name, ids);
});

Then('client {string} receives a {packetType} for each of them, in the order they were sent', async function (this: ConformanceWorld, name: string, cmd: string) {
  const ids = areaState(this).burstIds.get(name);
  assert.ok(ids !== undefined, `${name} sent no burst of PUBLISHes`);
  for (const id of ids) {
    const next = await this.client(name).expect((p) => p.cmd === cmd, this.ms(), `a ${cmd.toUpperCase()} for packet id ${id}`);
    const got = (next as { messageId?: number }).messageId;
    assert.equal(got, id, `the next ${cmd.toUpperCase()} had to be for packet id ${id} (PUBLISH order ${ids.join(', ')}); the broker acknowledged ${got} first`);
  }
});

Given('client {string} leaves its deliveries unacknowledged', function (this: ConformanceWorld, name: string) {
  this.client(name).autoAck = false;
});

When('client {string} sends {packetType} for that message', function (this: ConformanceWorld, name: string, cmd: string) {
  assert.ok(this.lastMessage !== undefined, 'no message received yet');
  this.client(name).send({ cmd, messageId: this.lastMessage.messageId } as Packet);
});

Then('client {string} receives {packetType} for that message', async function (this: ConformanceWorld, name: string, cmd: string) {
  assert.ok(this.lastMessage !== undefined, 'no message received yet');
  const id = this.lastMessage.messageId;
  await this.client(name).expect((p) => p.cmd === cmd && 'messageId' in p && p.messageId === id, this.ms(), `a ${cmd.toUpperCase()} with packet id ${id} (the id of the PUBLISH it received)`);
});

Then('that message carries a packet id other than 0', function (this: ConformanceWorld) {
  assert.ok(this.lastMessage !== undefined, 'no message received yet');
  // [MQTT-2.3.1-1] a QoS 1/2 PUBLISH carries a non-zero packet id.
  assert.ok(typeof this.lastMessage.messageId === 'number' && this.lastMessage.messageId !== 0, `a non-zero packet id was due; the broker sent ${String(this.lastMessage.messageId)}`);
});

Then('client {string} receives messages {int} to {int} on {string}, unacknowledged, with distinct packet ids', async function (this: ConformanceWorld, name: string, from: number, to: number, topic: string) {
  const full = this.topic(topic);
  const client = this.client(name);
  const seen = new Map<number, string>();
  for (let i = from; i <= to; i++) {
    const matches = (p: Packet): boolean => p.cmd === 'publish' && p.topic === full && Buffer.from(p.payload).toString() === String(i);
    const message = (await client.expect(matches, this.ms(), `message "${i}"`).catch(() => undefined)) as IPublishPacket | undefined;
    if (message === undefined) {
      if (seen.size === 0) throw new ExpectationError(`${name} to receive message "${i}" on ${topic} within ${this.ms()} ms`, client.describeInbox());
      // One message in flight at a time is the broker's right: acknowledge what came and see whether the next follows.
      for (const id of seen.keys()) client.send({ cmd: 'puback', messageId: id } as Packet);
      await client.expect(matches, this.ms(), `message "${i}" on ${topic} after the earlier ones were acknowledged`);
      return notApplicable(this, `the broker keeps one QoS 1 message in flight per client (message "${i}" came only after the PUBACK): [MQTT-2.3.1-4] then never sees two unacknowledged deliveries`);
    }
    const id = message.messageId ?? 0;
    // [MQTT-2.3.1-4] a packet id stays in use until its flow completes.
    assert.ok(id !== 0, `message "${i}" carries no packet id`);
    assert.ok(!seen.has(id), `message "${i}" reuses packet id ${id} of unacknowledged message "${seen.get(id)}"`);
    seen.set(id, String(i));
  }
  return undefined;
});
