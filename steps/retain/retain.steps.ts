// Steps of the retained-message area (features/04-retain): several retained messages at once,
// the absence of one particular payload, and an empty publish without RETAIN.
import type { DataTable } from '@cucumber/cucumber';
import { When, Then } from '../support/define.ts';
import type { IPublishPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { expectNoMessageOn } from '../support/silence.ts';
import { publish } from '../common/publish.steps.ts';

When('client {string} publishes an empty non-retained message to {string}', async function (this: ConformanceWorld, name: string, topic: string) {
  await publish(this, name, this.topic(topic), Buffer.alloc(0), { qos: 1, retain: false });
});

Then('client {string} receives these retained messages:', async function (this: ConformanceWorld, name: string, table: DataTable) {
  // Retained messages of different topics may arrive in any order; each must come, with RETAIN=1 [MQTT-3.3.1-8].
  for (const row of table.hashes()) {
    const topic = row.topic ?? '';
    const payload = row.payload ?? '';
    const message: IPublishPacket = await this.expectPublish(name, this.topic(topic), payload, `retained "${payload}" on ${topic}`);
    assert.equal(message.retain, true, `expected the retained message on ${topic} to arrive with RETAIN=1; the broker sent RETAIN=0`);
  }
});

Then('client {string} is never sent {string} on {string}', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  const full = this.topic(topic);
  await expectNoMessageOn(this, name, full, `"${payload}" on ${topic}`, (p) => Buffer.from(p.payload).toString() === payload);
});
