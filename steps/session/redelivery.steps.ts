// Steps of the session area (features/05-session) for re-delivery: a client that withholds its
// acknowledgements, and checks that what the server re-sends on the resumed session carries the
// packet identifiers of the first delivery [MQTT-4.4.0-1] and DUP=1 [MQTT-3.3.1.-1].
import { When, Then } from '../support/define.ts';
import type { IPublishPacket, Packet } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';

/** The first delivery of payload on topic to an earlier connection of the named client. */
function firstDelivery(world: ConformanceWorld, name: string, topic: string, payload: string): IPublishPacket {
  const current = world.client(name);
  for (const connection of world.opened) {
    if (connection === current || connection.name !== name) continue;
    const found = connection.received.find(
      (p) => p.cmd === 'publish' && p.topic === topic && Buffer.from(p.payload).toString() === payload,
    );
    if (found !== undefined) return found as IPublishPacket;
  }
  throw new Error(`harness: no earlier connection of ${name} received "${payload}" on ${topic}; deliver it first`);
}

When('client {string} leaves the messages it receives unacknowledged', function (this: ConformanceWorld, name: string) {
  this.client(name).autoAck = false;
});

When('client {string} answers that message with PUBREC', function (this: ConformanceWorld, name: string) {
  assert.ok(this.lastMessage !== undefined, 'no message received yet');
  this.client(name).send({ cmd: 'pubrec', messageId: this.lastMessage.messageId } as Packet);
});

Then('client {string} receives a PUBREL for that message', async function (this: ConformanceWorld, name: string) {
  assert.ok(this.lastMessage !== undefined, 'no message received yet');
  const messageId = this.lastMessage.messageId;
  await this.client(name).expect((p) => p.cmd === 'pubrel' && p.messageId === messageId, this.ms(), `a PUBREL with packet id ${messageId}`);
});

Then('client {string} receives {string} on {string} again with the same packet id', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  const full = this.topic(topic);
  const original = firstDelivery(this, name, full, payload);
  const again = await this.expectPublish(name, full, payload, `"${payload}" on ${topic} re-sent`);
  // [MQTT-4.4.0-1] the original packet identifier
  assert.equal(again.messageId, original.messageId, `expected "${payload}" to be re-sent with its original packet id ${original.messageId}; the broker used ${again.messageId}`);
});

Then('client {string} receives messages {int} to {int} on {string} again with their original packet ids', async function (this: ConformanceWorld, name: string, from: number, to: number, topic: string) {
  const full = this.topic(topic);
  const due = new Map<string, IPublishPacket>();
  for (let i = from; i <= to; i++) due.set(String(i), firstDelivery(this, name, full, String(i)));
  const arrived: IPublishPacket[] = [];
  while (due.size > 0) {
    const next = (await this.client(name).expect(
      (p) => p.cmd === 'publish' && p.topic === full && due.has(Buffer.from(p.payload).toString()),
      this.ms(),
      `the re-sent messages ${[...due.keys()].join(', ')} on ${topic}`,
    )) as IPublishPacket;
    const payload = Buffer.from(next.payload).toString();
    const original = due.get(payload);
    due.delete(payload);
    // [MQTT-4.4.0-1] re-sent with the original packet identifier
    assert.equal(next.messageId, original?.messageId, `expected "${payload}" to be re-sent with its original packet id ${original?.messageId}; the broker used ${next.messageId}`);
    arrived.push(next);
  }
  this.lastBatch = arrived;
});

Then('those messages came in their original order', function (this: ConformanceWorld) {
  const arrived = resentMessages(this);
  const order = arrived.map((m) => Buffer.from(m.payload).toString());
  const sorted = [...order].sort((a, b) => Number(a) - Number(b));
  // [MQTT-4.6.0-6] the order in which the publisher sent them (payloads are their numbers)
  assert.deepEqual(order, sorted, `expected the re-sent messages in their original order ${sorted.join(', ')}; the broker re-sent ${order.join(', ')}`);
});

Then('each of those messages has the DUP flag set', function (this: ConformanceWorld) {
  // [MQTT-3.3.1.-1] a re-delivery carries DUP=1
  for (const m of resentMessages(this)) assert.equal(m.dup, true, `expected the re-sent "${Buffer.from(m.payload).toString()}" to have DUP=1; the broker sent DUP=0`);
});

function resentMessages(world: ConformanceWorld): IPublishPacket[] {
  const arrived = world.lastBatch;
  assert.ok(arrived !== undefined, 'no batch of messages was received yet ("those messages" follows a step that receives several)');
  return arrived;
}
