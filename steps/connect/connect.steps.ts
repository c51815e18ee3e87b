// CONNECT / CONNACK steps beyond the shared vocabulary: raw CONNECT packets, the order of the
// server's first packet, client id edge cases, and how a refused connection ends.
import type { DataTable } from '@cucumber/cucumber';
import { Given, When, Then } from '../support/define.ts';
import mqtt from 'mqtt-packet';
import type { Packet, IConnackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import { notApplicable } from '../support/verdicts.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { describePacket } from '../../harness/probe/index.ts';
import { connectPacket } from './raw-bytes.ts';
import { parseRawConnectTable } from './raw-connect-table.ts';

const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function returnCode(packet: Packet): number | undefined {
  const connack = packet as IConnackPacket;
  return connack.returnCode ?? connack.reasonCode;
}

When('client {string} sends a raw CONNECT with:', async function (this: ConformanceWorld, name: string, table: DataTable) {
  const connect = parseRawConnectTable(this, name, table);
  this.lastConnack.delete(name); // a CONNACK of an earlier connection of this client must not answer for this one
  const connection = await this.openConnection(name);
  connection.sendRaw(connectPacket(connect), `raw CONNECT level=${connect.protocolLevel} flags=0x${connect.flags.toString(16).padStart(2, '0')}`);
});

When('client {string} sends a second CONNECT on the same connection', function (this: ConformanceWorld, name: string) {
  this.client(name).send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: this.clientId(name), keepalive: 60,
    ...(this.target.username === undefined ? {} : { username: this.target.username }),
    ...(this.target.password === undefined ? {} : { password: Buffer.from(this.target.password) }) } as Packet);
});

When('client {string} connects with a client id of 23 letters and digits', async function (this: ConformanceWorld, name: string) {
  // [MQTT-3.1.3-5] every server accepts 1 to 23 bytes of 0-9a-zA-Z; mix all three classes, unique per scenario.
  const unique = `${this.target.runId}${this.scenarioId}${name}`.replace(/[^0-9a-zA-Z]/g, '').slice(0, 17);
  let clientId = `${unique}Zz09Yy`;
  for (let i = 0; clientId.length < 23; i++) clientId += ALNUM[i % ALNUM.length];
  clientId = clientId.slice(0, 23);
  assert.equal(clientId.length, 23);
  await this.connectAndWait(name, { clientId, clean: true });
});

When('client {string} sends a CONNECT with a zero-length client id and clean session 0, followed at once by a PUBLISH of {string} to {string}',
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    this.lastConnack.delete(name);
    const connection = await this.openConnection(name);
    // Built by hand: mqtt-packet refuses to encode a zero-length client id with clean session 0.
    const connect = connectPacket({
      protocolName: 'MQTT', protocolLevel: 4, keepalive: 60, clientId: Buffer.alloc(0),
      flags: (this.target.username === undefined ? 0 : 0x80) | (this.target.password === undefined ? 0 : 0x40),
      ...(this.target.username === undefined ? {} : { username: this.target.username }),
      ...(this.target.password === undefined ? {} : { password: this.target.password }),
    });
    const publish = mqtt.generate({ cmd: 'publish', topic: this.topic(topic), payload: Buffer.from(payload), qos: 0, retain: false, dup: false } as Packet);
    // One write: the PUBLISH is on the wire before the server has answered the CONNECT [MQTT-3.1.4-5].
    connection.sendRaw(Buffer.concat([connect, publish]), 'CONNECT (client id "", clean 0) + PUBLISH in one write');
  });

Then('the first packet client {string} receives is a CONNACK', async function (this: ConformanceWorld, name: string) {
  const connection = this.client(name);
  if (connection.received.length === 0) await connection.expect(() => true, this.ms(), 'a first packet');
  const first = connection.received[0];
  assert.ok(first !== undefined);
  assert.equal(first.cmd, 'connack', `expected the server's first packet to be CONNACK; it was ${describePacket(first)}`);
});

Then('the broker closes the connection of client {string} without sending a CONNACK', async function (this: ConformanceWorld, name: string) {
  const connection = this.client(name);
  await connection.waitClosed(this.ms());
  await connection.expectNone((p) => p.cmd === 'connack', 0, 'CONNACK before closing', { mayBeClosed: true });
});

Then('the broker refuses the connection of client {string}', async function (this: ConformanceWorld, name: string) {
  // Closed, with no CONNACK at all or with a non-zero return code: either way the client was not accepted.
  const connection = this.client(name);
  await connection.waitClosed(this.ms());
  await connection.expectNone((p) => p.cmd === 'connack' && returnCode(p) === 0, 0, 'CONNACK accepting the connection', { mayBeClosed: true });
});

Then('the broker does not accept client {string} as an MQTT 3.1.1 client', async function (this: ConformanceWorld, name: string) {
  // [MQTT-3.1.2-1] the server may close at once or go on under another specification, but never
  // answers as a 3.1.1 server would: no CONNACK 0 before it closes or within the deadline.
  const connection = this.client(name);
  const window = this.ms();
  const accepted = connection.expectNone((p) => p.cmd === 'connack' && returnCode(p) === 0, window, 'CONNACK with return code 0', { mayBeClosed: true });
  const closed = connection.waitClosed(window).then(
    () => connection.expectNone((p) => p.cmd === 'connack' && returnCode(p) === 0, 0, 'CONNACK with return code 0', { mayBeClosed: true }),
    () => accepted,
  );
  await Promise.race([accepted, closed]);
});

Then('the broker accepts client {string} or refuses it with return code 2 and closes the connection', async function (this: ConformanceWorld, name: string) {
  const connection = this.client(name);
  const connack = this.lastConnack.get(name) ?? (await connection.expect((p) => p.cmd === 'connack', this.ms(), 'a CONNACK'));
  this.lastConnack.delete(name);
  const code = returnCode(connack);
  if (code === 0) return notApplicable(this, 'the broker accepted the zero-length client id (its legal choice [MQTT-3.1.3-6]); [MQTT-3.1.3-9] applies to a rejected one');
  assert.equal(code, 2, `expected the client id to be accepted (0) or rejected with return code 2 (identifier rejected); the broker sent ${code}`);
  await connection.waitClosed(this.ms()); // [MQTT-3.1.3-9]
  return undefined;
});

Given('the broker accepted the zero-length client id of client {string}', async function (this: ConformanceWorld, name: string) {
  const connack = this.lastConnack.get(name) ?? (await this.client(name).expect((p) => p.cmd === 'connack', this.ms(), 'a CONNACK'));
  this.lastConnack.delete(name);
  const code = returnCode(connack);
  // [MQTT-3.1.3-6] accepting a zero-length id is the server's choice; refusing it (0x02) is the other legal one.
  if (code === 2) return notApplicable(this, 'the broker refuses zero-length client ids (return code 2), a legal choice: [MQTT-3.1.3-6] applies only when it accepts them');
  assert.equal(code, 0, `expected the zero-length client id to be accepted (0) or refused with return code 2; the broker sent ${code}`);
  return undefined;
});
