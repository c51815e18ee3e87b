// Authentication and authorization: the profile's credentials, its ACL-denied topics (literal
// topics named by the profile, deliberately outside the scenario prefix), and refusals.
import { Given, When, Then } from '../support/define.ts';
import type { Packet, IConnackPacket, ISubackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { subscribe } from '../common/subscription.steps.ts';

function profileAuth(world: ConformanceWorld): { username: string; password: string } {
  const auth = world.target.profile.auth;
  if (auth === undefined) throw new Error('the profile gives no credentials (tag the scenario @auth)');
  return auth;
}

function deniedSubscribe(world: ConformanceWorld): string {
  const topic = world.target.profile.deniedSubscribeTopic;
  if (topic === undefined) throw new Error('the profile names no denied subscribe topic (tag the scenario @acl-subscribe)');
  return topic;
}

function deniedPublish(world: ConformanceWorld): string {
  const topic = world.target.profile.deniedPublishTopic;
  if (topic === undefined) throw new Error('the profile names no denied publish topic (tag the scenario @acl-publish)');
  return topic;
}

Given('client {string} is connected with the profile\'s credentials', async function (this: ConformanceWorld, name: string) {
  const { username, password } = profileAuth(this);
  const connack = (await this.connectAndWait(name, { clean: true, username, password: Buffer.from(password) })) as IConnackPacket;
  assert.equal(connack.returnCode, 0, `expected the profile's credentials to be accepted; the broker answered return code ${connack.returnCode}`);
});

Then('client {string} receives CONNACK with return code 4 or 5 and session present 0', async function (this: ConformanceWorld, name: string) {
  // 3.1.1 table 3.1 names 0x04 "bad user name or password" but describes it as malformed data, and
  // 0x05 "not authorized": a wrong password fits either reading, so both are accepted.
  const connack = (this.lastConnack.get(name) ?? (await this.client(name).expect((p) => p.cmd === 'connack', this.ms(), 'a CONNACK'))) as IConnackPacket;
  this.lastConnack.delete(name);
  assert.ok(connack.returnCode === 4 || connack.returnCode === 5, `expected the credentials to be refused with return code 4 or 5; the broker sent ${connack.returnCode}`);
  assert.equal(connack.sessionPresent ? 1 : 0, 0, 'expected session present 0 with a non-zero return code [MQTT-3.2.2-4]'); // [MQTT-3.2.2-4]
});

When('client {string} subscribes at QoS {qos} to the denied filter and then to {string}', async function (this: ConformanceWorld, name: string, qos: number, filter: string) {
  await subscribe(this, name, [{ topic: deniedSubscribe(this), qos }, { topic: this.topic(filter), qos }]);
});

Given('client {string} is subscribed to the denied publish topic at QoS {qos}', async function (this: ConformanceWorld, name: string, qos: number) {
  const suback: ISubackPacket = await subscribe(this, name, [{ topic: deniedPublish(this), qos }]);
  assert.notEqual(suback.granted[0], 0x80, 'expected the subscription to the denied publish topic to be accepted (only publishing is denied); SUBACK said 0x80');
});

When('client {string} publishes {string} to the denied publish topic at QoS {qos}', async function (this: ConformanceWorld, name: string, payload: string, qos: 0 | 1 | 2) {
  // [MQTT-3.3.5-2] an unauthorized PUBLISH is either acknowledged by the normal QoS rules or the connection is closed.
  const client = this.client(name);
  const messageId = qos > 0 ? this.packetId() : undefined;
  client.send({ cmd: 'publish', topic: deniedPublish(this), payload: Buffer.from(`${payload} ${this.scenarioId}`), qos, retain: false, dup: false, messageId } as Packet);
  if (qos === 0) return;
  const ackOrClose = (cmd: string): Promise<'acked' | 'closed'> =>
    new Promise((resolve, reject) => {
      client.expect((p) => p.cmd === cmd && (p as { messageId?: number }).messageId === messageId, this.ms(), `${cmd.toUpperCase()} for packet id ${messageId}, or the connection closed`)
        .then(() => resolve('acked'), (err: unknown) => (client.closed ? resolve('closed') : reject(err)));
      client.waitClosed(this.ms()).then(() => resolve('closed'), () => undefined);
    });
  const first = await ackOrClose(qos === 1 ? 'puback' : 'pubrec');
  if (first === 'closed' || qos === 1) return;
  client.send({ cmd: 'pubrel', messageId } as Packet);
  await ackOrClose('pubcomp');
});

Then('client {string} receives no message on the denied publish topic', async function (this: ConformanceWorld, name: string) {
  const topic = deniedPublish(this);
  await this.client(name).expectNone((p) => p.cmd === 'publish' && p.topic === topic, this.silence(), `PUBLISH on the denied topic ${topic}`);
});
