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

Then('client {string} receives messages {int} to {int} on {string} again in order, each with DUP=1 and its original packet id', async function (this: ConformanceWorld, name: string, from: number, to: number, topic: string) {
  const full = this.topic(topic);
  for (let i = from; i <= to; i++) {
    const original = firstDelivery(this, name, full, String(i));
    const next = (await this.client(name).expect((p) => p.cmd === 'publish' && p.topic === full, this.ms(), `re-sent message "${i}" on ${topic}`)) as IPublishPacket;
    const got = Buffer.from(next.payload).toString();
    // [MQTT-4.6.0-1] re-sent in the order of the original PUBLISHes
    assert.equal(got, String(i), `expected message "${i}" to be re-sent next (original order); the broker re-sent "${got}"`);
    assert.equal(next.messageId, original.messageId, `expected "${i}" to be re-sent with its original packet id ${original.messageId}; the broker used ${next.messageId}`); // [MQTT-4.4.0-1]
    assert.equal(next.dup, true, `expected the re-sent "${i}" to have DUP=1; the broker sent DUP=0`); // [MQTT-3.3.1.-1]
  }
});
