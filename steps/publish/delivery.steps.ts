// What subscribers receive when the spec allows more than one shape of delivery, and PUBLISHes
// with topic names a client library would refuse to send.
import { When, Then } from '../support/define.ts';
import type { IPublishPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { encodePublish } from './raw-packets.ts';
import { resolveTopic } from './outcome.ts';

Then('client {string} receives {string} on {string} at QoS {qos} at least once', async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
  const full = this.topic(topic);
  const matches = (p: { cmd: string }): boolean => p.cmd === 'publish' && (p as IPublishPacket).topic === full && Buffer.from((p as IPublishPacket).payload).toString() === payload;
  const copies: IPublishPacket[] = [(await this.client(name).expect(matches, this.ms(), `PUBLISH "${payload}" on ${topic}`)) as IPublishPacket];
  // Overlapping subscriptions may yield one extra copy per matching subscription [MQTT-3.3.5-1]:
  // gather the copies that follow within the silence window, then judge them together.
  for (;;) {
    const extra = await this.client(name).expect(matches, this.silence(), 'another copy').catch(() => undefined);
    if (extra === undefined) break;
    copies.push(extra as IPublishPacket);
  }
  const levels = copies.map((c) => c.qos);
  assert.ok(levels.includes(qos as 0 | 1 | 2), `a copy of "${payload}" at QoS ${qos} (the highest QoS of the matching subscriptions) was due; the broker delivered ${copies.length} cop${copies.length === 1 ? 'y' : 'ies'} at QoS ${levels.join(', ')}`);
  assert.ok(levels.every((l) => l <= qos), `no copy may exceed QoS ${qos}; the broker delivered copies at QoS ${levels.join(', ')}`);
  this.lastMessage = copies.find((c) => c.qos === qos);
});

When('client {string} sends a PUBLISH {string} to the topic name {string}', function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  const full = resolveTopic(this, topic);
  this.client(name).sendRaw(encodePublish({ topic: full, qos: 0, payload: Buffer.from(payload) }), `PUBLISH QoS 0 to topic name "${full}"`);
});
