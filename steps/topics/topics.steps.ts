// Topic matching in this area's words. Topics and filters are placed under the scenario's prefix;
// `{prefix}` stands for it where a name must start elsewhere (`/{prefix}/a`, `+/{prefix}/a`,
// `$mqttc/{prefix}/a`). Subscribing at the root of the topic tree is reserved for the `$` rule.
import { Given, When, Then } from '../support/define.ts';
import type { IPublishPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { expectNoMessageOn, expectSilence } from '../support/silence.ts';
import { subscribe } from '../common/subscription.steps.ts';
import { publish } from '../common/publish.steps.ts';
import { resolveTopic } from '../publish/outcome.ts';

async function subscribeGranted(world: ConformanceWorld, name: string, filter: string): Promise<void> {
  const suback = await subscribe(world, name, [{ topic: filter, qos: 0 }]);
  assert.notEqual(suback.granted[0], 0x80, `the subscription to "${filter}" had to be accepted; SUBACK said 0x80 (failure)`);
}

Given('client {string} is subscribed to the filter {string}', async function (this: ConformanceWorld, name: string, filter: string) {
  await subscribeGranted(this, name, resolveTopic(this, filter));
});

Given('client {string} is subscribed to {string} at the root of the topic tree', async function (this: ConformanceWorld, name: string, filter: string) {
  // The one exception to isolation: the `$` rule [MQTT-4.7.2-1] can only be seen from the root.
  // Scenarios using it assert only about topics starting with `$`.
  await subscribeGranted(this, name, filter);
});

When('client {string} publishes {string} on the topic name {string}', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await publish(this, name, resolveTopic(this, topic), payload, { qos: 0, retain: false });
});

Then('client {string} receives {string} on the topic name {string}', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  const full = resolveTopic(this, topic);
  // The topic name delivered must be the one published, unchanged [MQTT-3.3.2-3, MQTT-4.7.3-4].
  await this.expectPublish(name, full, payload, `PUBLISH "${payload}" on the topic name "${full}"`);
});

Then('client {string} receives nothing on the topic name {string}', async function (this: ConformanceWorld, name: string, topic: string) {
  const full = resolveTopic(this, topic);
  await expectNoMessageOn(this, name, full, `PUBLISH on "${full}"`);
});

Then('client {string} receives a message on a topic starting with {string}', async function (this: ConformanceWorld, name: string, start: string) {
  // $SYS topics are published on the broker's own schedule; allow a few of its intervals.
  await this.client(name).expect((p) => p.cmd === 'publish' && p.topic.startsWith(start), this.ms(3000), `a PUBLISH on a topic starting with "${start}"`);
});

Then('client {string} receives no message on a topic starting with {string}', async function (this: ConformanceWorld, name: string, start: string) {
  // expectNone also fails on a matching message that arrived earlier and is still in the inbox.
  await expectSilence(this, name, (p) => p.cmd === 'publish' && p.topic.startsWith(start), `PUBLISH on a topic starting with "${start}"`);
});

Then('client {string} receives a message on a topic matching {string}', async function (this: ConformanceWorld, name: string, pattern: string) {
  const regex = new RegExp(`^${pattern}$`);
  const message = (await this.client(name).expect((p) => p.cmd === 'publish' && regex.test(p.topic), this.ms(3000), `a PUBLISH on a topic matching ${regex}`)) as IPublishPacket;
  assert.ok(Buffer.from(message.payload).length > 0, `a value was due in the payload of ${message.topic}; it was empty`);
});
