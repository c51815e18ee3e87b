// Steps of the interoperability area (features/11-interop): MQTT.js, the `mqtt` npm package, as a
// real client against the target, with the run's URL, CA file and credentials.
import { After } from '@cucumber/cucumber';
import { Given, When, Then } from '../support/define.ts';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { InteropClient } from './interop-client.ts';

/** The MQTT.js clients of each scenario (the World is shared code, so they are kept beside it). */
const clientsOf = new WeakMap<ConformanceWorld, Map<string, InteropClient>>();
const everyClientOf = new WeakMap<ConformanceWorld, InteropClient[]>();

function interopClient(world: ConformanceWorld, name: string): InteropClient {
  const client = clientsOf.get(world)?.get(name);
  if (client === undefined) throw new Error(`no MQTT.js client "${name}" in this scenario: connect it first`);
  return client;
}

async function connectInterop(world: ConformanceWorld, name: string, clean: boolean): Promise<InteropClient> {
  const clientId = world.clientId(`js${name}`);
  if (!clean) world.persistentIds.add(clientId);
  const primary = new URL(world.target.urls[0] ?? 'mqtt://x').protocol.replace(':', '');
  const client = await InteropClient.connect(name, {
    url: world.urlFor(primary as 'mqtt' | 'mqtts' | 'ws' | 'wss'),
    clientId,
    clean,
    protocolVersion: world.protocolVersion === 5 ? 5 : 4,
    username: world.target.username,
    password: world.target.password,
    caFile: world.target.caFile,
    deadlineMs: world.ms(5000),
  });
  const current = clientsOf.get(world) ?? new Map<string, InteropClient>();
  current.set(name, client);
  clientsOf.set(world, current);
  everyClientOf.set(world, [...(everyClientOf.get(world) ?? []), client]);
  return client;
}

After({ tags: '@interop' }, async function (this: ConformanceWorld) {
  for (const client of everyClientOf.get(this) ?? []) await client.close(this.ms(1000)).catch(() => client.destroy());
});

Given('MQTT.js client {string} is connected', async function (this: ConformanceWorld, name: string) {
  await connectInterop(this, name, true);
});

Given('MQTT.js client {string} is connected with a persistent session', async function (this: ConformanceWorld, name: string) {
  await connectInterop(this, name, false);
});

When('MQTT.js client {string} reconnects with a persistent session', async function (this: ConformanceWorld, name: string) {
  await connectInterop(this, name, false);
});

Then('MQTT.js client {string} was told its session is present', function (this: ConformanceWorld, name: string) {
  assert.equal(interopClient(this, name).connack.sessionPresent, true, `expected MQTT.js client ${name}'s CONNACK to say session present 1; it said 0`);
});

Then('MQTT.js client {string} was told no session is present', function (this: ConformanceWorld, name: string) {
  assert.equal(interopClient(this, name).connack.sessionPresent, false, `expected MQTT.js client ${name}'s CONNACK to say session present 0; it said 1`);
});

When('MQTT.js client {string} subscribes to {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, filter: string, qos: 0 | 1 | 2) {
  const grants = await interopClient(this, name).mqttClient.subscribeAsync(this.topic(filter), { qos });
  assert.equal(grants[0]?.qos, qos, `expected MQTT.js client ${name}'s subscription to ${filter} to be granted QoS ${qos}; the SUBACK said ${grants[0]?.qos}`);
});

When('MQTT.js client {string} publishes {string} to {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: 0 | 1 | 2) {
  // Resolves once the flow is complete: at once for QoS 0, on PUBACK for 1, on PUBCOMP for 2.
  await interopClient(this, name).mqttClient.publishAsync(this.topic(topic), payload, { qos });
});

When('MQTT.js client {string} publishes a retained message {string} to {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: 0 | 1 | 2) {
  this.retainedTopics.add(this.topic(topic));
  await interopClient(this, name).mqttClient.publishAsync(this.topic(topic), payload, { qos, retain: true });
});

When('MQTT.js client {string} disconnects', async function (this: ConformanceWorld, name: string) {
  await interopClient(this, name).close();
});

Then('MQTT.js client {string} receives {string} on {string} at QoS {qos}', async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
  const full = this.topic(topic);
  const message = await interopClient(this, name).expectMessage(
    (p) => p.topic === full && Buffer.from(p.payload).toString() === payload,
    this.ms(),
    `"${payload}" on ${topic}`,
  );
  assert.equal(message.qos, qos, `expected "${payload}" to reach MQTT.js client ${name} at QoS ${qos}; it came at QoS ${message.qos}`);
});

Then('MQTT.js client {string} receives the retained message {string} on {string}', async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  const full = this.topic(topic);
  const message = await interopClient(this, name).expectMessage(
    (p) => p.topic === full && Buffer.from(p.payload).toString() === payload,
    this.ms(),
    `retained "${payload}" on ${topic}`,
  );
  assert.equal(message.retain, true, `expected the retained "${payload}" to reach MQTT.js client ${name} with RETAIN=1; it came with RETAIN=0`);
});
