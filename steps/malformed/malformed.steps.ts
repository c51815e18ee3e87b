// Sending one precise defect: reserved fixed-header flags, packet identifier 0, QoS 3, ill-formed
// UTF-8 or U+0000 in a topic, and the byte order mark that must be kept as it is.
import { Given, When, Then } from '../support/define.ts';
import type { IPublishPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { subscribe } from '../common/subscription.steps.ts';
import { publish } from '../common/publish.steps.ts';
import { hexBytes } from '../connect/raw-bytes.ts';
import { packetWithFlags, rawPublish, rawSubscribe, rawUnsubscribe } from './malformed-packets.ts';

const BOM = '\uFEFF';

function parseFlags(text: string): number {
  if (!/^[01]{4}$/.test(text)) throw new Error(`fixed header flags are written as 4 bits, e.g. "0010"; got "${text}"`);
  return parseInt(text, 2);
}

/** The scenario topic as bytes, followed by raw (possibly ill-formed) bytes. */
function topicBytes(world: ConformanceWorld, topic: string, hexSuffix: string): Buffer {
  return Buffer.concat([Buffer.from(world.topic(topic)), hexBytes(hexSuffix)]);
}

When('client {string} sends a {word} packet with fixed header flags {string}', function (this: ConformanceWorld, name: string, type: string, flags: string) {
  const bytes = packetWithFlags(type, parseFlags(flags), {
    clientId: this.clientId(name),
    topic: this.topic('t'),
    ...(this.target.username === undefined ? {} : { username: this.target.username }),
    ...(this.target.password === undefined ? {} : { password: this.target.password }),
  });
  this.client(name).sendRaw(bytes, `${type} with fixed header flags ${flags}`);
});

When('client {string} sends a raw PUBLISH to {string} with QoS bits {int} and packet identifier {int}', function (this: ConformanceWorld, name: string, topic: string, qosBits: number, packetId: number) {
  this.client(name).sendRaw(rawPublish(Buffer.from(this.topic(topic)), qosBits, packetId, 'malformed'), `PUBLISH with QoS bits ${qosBits}, packet id ${packetId}`);
});

When('client {string} sends a raw SUBSCRIBE to {string} with packet identifier {int}', function (this: ConformanceWorld, name: string, filter: string, packetId: number) {
  this.client(name).sendRaw(rawSubscribe(Buffer.from(this.topic(filter)), packetId), `SUBSCRIBE with packet id ${packetId}`);
});

When('client {string} sends a raw UNSUBSCRIBE from {string} with packet identifier {int}', function (this: ConformanceWorld, name: string, filter: string, packetId: number) {
  this.client(name).sendRaw(rawUnsubscribe(Buffer.from(this.topic(filter)), packetId), `UNSUBSCRIBE with packet id ${packetId}`);
});

When('client {string} publishes to {string} followed by the bytes {string}', function (this: ConformanceWorld, name: string, topic: string, hex: string) {
  this.client(name).sendRaw(rawPublish(topicBytes(this, topic, hex), 0, 0, 'malformed'), `PUBLISH to a topic ending in bytes ${hex}`);
});

When('client {string} subscribes to {string} followed by the bytes {string}', function (this: ConformanceWorld, name: string, filter: string, hex: string) {
  this.client(name).sendRaw(rawSubscribe(topicBytes(this, filter, hex), this.packetId()), `SUBSCRIBE to a filter ending in bytes ${hex}`);
});

Given('client {string} is subscribed to {string} preceded by a byte order mark', async function (this: ConformanceWorld, name: string, filter: string) {
  const suback = await subscribe(this, name, [{ topic: this.topic(BOM + filter), qos: 1 }]);
  assert.notEqual(suback.granted[0], 0x80, 'expected the subscription to a filter containing U+FEFF to be accepted; SUBACK said 0x80');
});

When('client {string} publishes {string} to {string} preceded by a byte order mark', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await publish(this, name, this.topic(BOM + topic), payload, { qos: 1, retain: false });
});

Then('client {string} receives {string} on {string} preceded by a byte order mark', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  // [MQTT-1.5.3-3] the topic arrives with its EF BB BF bytes intact.
  const expected = Buffer.from(this.topic(BOM + topic));
  const message: IPublishPacket = await this.expectPublish(name, this.topic(BOM + topic), payload, `PUBLISH "${payload}" on U+FEFF ${topic}`);
  assert.ok(Buffer.from(message.topic).equals(expected), `expected the topic bytes ${expected.toString('hex')}; the broker sent ${Buffer.from(message.topic).toString('hex')}`);
});
