// UNSUBSCRIBE and UNSUBACK in this area's words: explicit packet ids, several filters in one
// packet, malformed UNSUBSCRIBE packets built byte by byte.
import { When } from '../support/define.ts';
import type { Packet } from 'mqtt-packet';
import type { ConformanceWorld } from '../support/world.ts';
import { encodeUnsubscribe } from '../publish/raw-packets.ts';
import { forgetSubscriptions } from '../common/subscription.steps.ts';

When('client {string} sends UNSUBSCRIBE with packet id {int} for {string}', function (this: ConformanceWorld, name: string, id: number, filter: string) {
  this.client(name).send({ cmd: 'unsubscribe', messageId: id, unsubscriptions: [this.topic(filter)] } as unknown as Packet);
  forgetSubscriptions(this, name, [this.topic(filter)]);
});

When('client {string} unsubscribes from {string} and {string} in one UNSUBSCRIBE', async function (this: ConformanceWorld, name: string, first: string, second: string) {
  const id = this.packetId();
  const client = this.client(name);
  client.send({ cmd: 'unsubscribe', messageId: id, unsubscriptions: [this.topic(first), this.topic(second)] } as unknown as Packet);
  forgetSubscriptions(this, name, [this.topic(first), this.topic(second)]);
  // [MQTT-3.10.4-6] one UNSUBACK for the whole packet.
  await client.expect((p) => p.cmd === 'unsuback' && p.messageId === id, this.ms(), `an UNSUBACK with packet id ${id}`);
});

When('client {string} sends UNSUBSCRIBE for {string} with fixed header flags {string}', function (this: ConformanceWorld, name: string, filter: string, bits: string) {
  const id = this.packetId();
  this.client(name).sendRaw(encodeUnsubscribe(id, [this.topic(filter)], Number.parseInt(bits, 2)), `UNSUBSCRIBE id ${id} with fixed header flags ${bits}`);
  forgetSubscriptions(this, name, [this.topic(filter)]);
});
