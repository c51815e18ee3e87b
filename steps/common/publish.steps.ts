// PUBLISH in both directions: publishing with the full QoS handshake, and what subscribers receive.
import { When, Then } from '../support/define.ts';
import type { Packet, IPublishPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { expectNoMessageOn, expectSilence, filterMatches } from '../support/silence.ts';
import { profileMismatch } from '../support/verdicts.ts';

export interface PublishOptions {
  qos: 0 | 1 | 2;
  retain: boolean;
}

/** Publishes and completes the sender's side of the QoS flow (PUBACK, or PUBREC/PUBREL/PUBCOMP). */
export async function publish(world: ConformanceWorld, name: string, topic: string, payload: string | Buffer, options: PublishOptions): Promise<void> {
  const client = world.client(name);
  const messageId = options.qos > 0 ? world.packetId() : undefined;
  if (options.retain) world.retainedTopics.add(topic);
  world.lastPublisher.set(topic, { name, qos: options.qos });
  client.send({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: options.qos, retain: options.retain, dup: false, messageId } as Packet);
  if (options.qos === 1) {
    await client.expect((p) => p.cmd === 'puback' && p.messageId === messageId, world.ms(), `a PUBACK for packet id ${messageId}`);
  } else if (options.qos === 2) {
    await client.expect((p) => p.cmd === 'pubrec' && p.messageId === messageId, world.ms(), `a PUBREC for packet id ${messageId}`);
    client.send({ cmd: 'pubrel', messageId } as Packet);
    await client.expect((p) => p.cmd === 'pubcomp' && p.messageId === messageId, world.ms(), `a PUBCOMP for packet id ${messageId}`);
  }
}

When('client {string} publishes {string} to {string}', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await publish(this, name, this.topic(topic), payload, { qos: 0, retain: false });
});

When('client {string} publishes {string} to {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: 0 | 1 | 2) {
  await publish(this, name, this.topic(topic), payload, { qos, retain: false });
});

When('client {string} publishes a retained message {string} to {string}', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await publish(this, name, this.topic(topic), payload, { qos: 0, retain: true });
});

When('client {string} publishes a retained message {string} to {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: 0 | 1 | 2) {
  await publish(this, name, this.topic(topic), payload, { qos, retain: true });
});

When('client {string} clears the retained message on {string}', async function (this: ConformanceWorld, name: string, topic: string) {
  await publish(this, name, this.topic(topic), Buffer.alloc(0), { qos: 0, retain: true });
});

When('client {string} publishes messages {int} to {int} to {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, from: number, to: number, topic: string, qos: 0 | 1 | 2) {
  for (let i = from; i <= to; i++) await publish(this, name, this.topic(topic), String(i), { qos, retain: false });
});

Then('client {string} receives {string} on {string}', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await this.expectPublish(name, this.topic(topic), payload, `PUBLISH "${payload}" on ${topic}`);
});

Then('client {string} receives {string} on {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
  const full = this.topic(topic);
  const message = await this.expectPublish(name, full, payload, `PUBLISH "${payload}" on ${topic}`);
  const mismatch = downgradeMismatch(this, name, message, qos);
  if (mismatch !== undefined) return mismatch;
  assert.equal(message.qos, qos, `expected "${payload}" to be delivered at QoS ${qos}; the broker delivered it at QoS ${message.qos}`);
  return undefined;
});

Then('client {string} receives {string} on {string} exactly once', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  const full = this.topic(topic);
  await this.expectPublish(name, full, payload, `PUBLISH "${payload}" on ${topic}`);
  await expectNoMessageOn(this, name, full, `second copy of "${payload}" on ${topic}`, (p) => Buffer.from(p.payload).toString() === payload);
});

Then('client {string} receives messages {int} to {int} on {string} in order', async function (this: ConformanceWorld, name: string, from: number, to: number, topic: string) {
  const full = this.topic(topic);
  for (let i = from; i <= to; i++) {
    const next = (await this.client(name).expect((p) => p.cmd === 'publish' && p.topic === full, this.ms(), `message "${i}" on ${topic}`)) as IPublishPacket;
    assert.equal(Buffer.from(next.payload).toString(), String(i), `expected message "${i}" next on ${topic} (in publish order); the broker sent "${Buffer.from(next.payload).toString()}"`);
  }
});

Then('client {string} receives messages {int} to {int} on {string} in any order', async function (this: ConformanceWorld, name: string, from: number, to: number, topic: string) {
  const full = this.topic(topic);
  const due = new Set<string>();
  for (let i = from; i <= to; i++) due.add(String(i));
  const arrived: IPublishPacket[] = [];
  while (due.size > 0) {
    const next = (await this.client(name).expect(
      (p) => p.cmd === 'publish' && p.topic === full && due.has(Buffer.from(p.payload).toString()),
      this.ms(),
      `messages ${[...due].join(', ')} on ${topic}`,
    )) as IPublishPacket;
    due.delete(Buffer.from(next.payload).toString());
    arrived.push(next);
  }
  this.lastBatch = arrived;
});

Then('that message has QoS {qos}', function (this: ConformanceWorld, qos: number) {
  assert.ok(this.lastMessage !== undefined, 'no message received yet');
  const mismatch = downgradeMismatch(this, this.lastMessageClient ?? '', this.lastMessage, qos);
  if (mismatch !== undefined) return mismatch;
  return assert.equal(this.lastMessage.qos, qos, `expected the message at QoS ${qos}; the broker delivered it at QoS ${this.lastMessage.qos}`);
});

Then('client {string} receives no message on {string}', async function (this: ConformanceWorld, name: string, topic: string) {
  const full = this.topic(topic);
  await expectNoMessageOn(this, name, full, `PUBLISH on ${topic}`);
});

Then('client {string} receives no message', async function (this: ConformanceWorld, name: string) {
  await expectSilence(this, name, (p) => p.cmd === 'publish', 'PUBLISH');
});

Then('that message has the retain flag {flag}', function (this: ConformanceWorld, set: boolean) {
  assert.ok(this.lastMessage !== undefined, 'no message received yet');
  assert.equal(this.lastMessage.retain, set, `expected the RETAIN flag ${set ? 'set (1)' : 'not set (0)'}; the broker sent ${this.lastMessage.retain ? 1 : 0}`);
});

Then('that message has the DUP flag {flag}', function (this: ConformanceWorld, set: boolean) {
  assert.ok(this.lastMessage !== undefined, 'no message received yet');
  assert.equal(this.lastMessage.dup, set, `expected the DUP flag ${set ? 'set (1)' : 'not set (0)'}; the broker sent ${this.lastMessage.dup ? 1 : 0}`);
});

/** A delivery below the expected QoS because the broker granted the subscription less (3.1.1 allows it [MQTT-3.8.4-5]): the profile's maxQos is wrong. */
function downgradeMismatch(world: ConformanceWorld, name: string, message: IPublishPacket, qos: number): 'skipped' | undefined {
  if (message.qos >= qos) return undefined;
  const grants = (world.subscriptions.get(name) ?? []).filter((s) => s.granted !== 0x80 && filterMatches(s.filter, message.topic)).map((s) => s.granted);
  if (grants.length === 0 || Math.max(...grants) >= qos) return undefined;
  const granted = Math.max(...grants);
  return profileMismatch(world, `the broker granted ${name}'s subscription QoS ${granted}, so "${Buffer.from(message.payload).toString()}" came at QoS ${message.qos}`, `a profile with "maxQos": ${granted} would fit`);
}
