// Authentication and authorization: the profile's credentials, its ACL-denied topics (literal
// topics named by the profile, deliberately outside the scenario prefix), and refusals.
import { Given, When, Then } from '../support/define.ts';
import type { Packet, IConnackPacket, ISubackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import { expectSilence } from '../support/silence.ts';
import { subscribe } from '../common/subscription.steps.ts';
import { judgeConnack } from '../common/connection.steps.ts';
import { connackCode, profileMismatch } from '../support/verdicts.ts';

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
  this.lastConnack.delete(name);
  return credentialsAccepted(this, connack, username);
});

Then('client {string} is accepted with the profile\'s credentials', async function (this: ConformanceWorld, name: string) {
  return credentialsAccepted(this, await judgeConnack(this, name), profileAuth(this).username);
});

Then('client {string} is refused for its wrong credentials', async function (this: ConformanceWorld, name: string) {
  const connack = await judgeConnack(this, name);
  const code = connackCode(connack);
  if (code === 0) {
    return profileMismatch(this, `the broker accepted user "${profileAuth(this).username}" with a wrong password (or an unknown user)`, 'a profile without "auth" (a broker that lets anyone in) would fit');
  }
  // 3.1.1 table 3.1 names 0x04 "bad user name or password" but describes it as malformed data, and
  // 0x05 "not authorized": a wrong password fits either reading, so both are accepted.
  assert.ok(code === 4 || code === 5, `expected the credentials to be refused with return code 4 or 5; the broker sent ${code}`);
  return undefined;
});

Then('client {string} is refused with return code 5 as an anonymous client', async function (this: ConformanceWorld, name: string) {
  const connack = await judgeConnack(this, name);
  const code = connackCode(connack);
  if (code === 0) return profileMismatch(this, 'the broker accepted a client without credentials', 'a profile without "anonymousRefused": true would fit');
  assert.equal(code, 5, `expected an anonymous client to be refused with return code 5 (not authorized); the broker sent ${code}`);
  return undefined;
});

/** Return code 0 passes; 4 or 5 means the profile's credentials are not this broker's (a mismatch). */
function credentialsAccepted(world: ConformanceWorld, connack: IConnackPacket, username: string): 'skipped' | undefined {
  const code = connackCode(connack);
  if (code === 4 || code === 5) {
    return profileMismatch(world, `the broker refused the profile's user "${username}" with return code ${code}`, 'a profile whose "auth" names credentials this broker accepts (or none) would fit');
  }
  assert.equal(code, 0, `expected the profile's credentials to be accepted (return code 0); the broker answered ${code}`);
  return undefined;
}

Then('client {string} receives SUBACK refusing the denied filter and granting QoS {qos} to the other', function (this: ConformanceWorld, name: string, qos: number) {
  const suback = this.lastSuback.get(name);
  assert.ok(suback !== undefined, `${name} has no SUBACK`);
  const [denied, allowed] = suback.granted.map(Number);
  // The ACL is the profile's claim: a broker that grants the filter has no such rule.
  if (denied !== undefined && denied !== 0x80) {
    return profileMismatch(this, `the broker granted the profile's denied filter "${deniedSubscribe(this)}" (SUBACK ${denied})`, 'a profile without "deniedSubscribeTopic" would fit');
  }
  if (allowed !== undefined && allowed !== 0x80 && allowed < qos) {
    return profileMismatch(this, `the broker granted QoS ${allowed} for a QoS ${qos} subscription`, `a profile with "maxQos": ${allowed} would fit`);
  }
  // [MQTT-3.8.4-5] 0x80 in the refused filter's place; [MQTT-3.8.4-4] the other handled as if sent alone.
  assert.deepEqual([denied, allowed], [0x80, qos], `expected SUBACK return codes 0x80, ${qos}; the broker sent ${suback.granted.join(', ')}`);
  return undefined;
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
  await expectSilence(this, name, (p) => p.cmd === 'publish' && p.topic === topic, `PUBLISH on the denied topic ${topic}`);
});
