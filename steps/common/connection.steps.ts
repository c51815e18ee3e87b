// Connecting, disconnecting, raw bytes and connection-level expectations.
import type { DataTable } from '@cucumber/cucumber';
import { Given, When, Then } from '../support/define.ts';
import type { Packet, IConnackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld, ConnectOptions } from '../support/world.ts';
import { STAYS_OPEN_MS } from '../support/timing.ts';
import { parseConnectTable } from './connect-table.ts';
import { connackCode } from '../support/verdicts.ts';

async function connectAccepted(world: ConformanceWorld, name: string, options: ConnectOptions): Promise<void> {
  const connack = (await world.connectAndWait(name, options)) as IConnackPacket;
  assert.equal(connack.returnCode ?? connack.reasonCode, 0, `expected ${name}'s CONNECT to be accepted (return code 0); the broker answered ${connack.returnCode ?? connack.reasonCode}`);
}

Given('client {string} is connected', async function (this: ConformanceWorld, name: string) {
  await connectAccepted(this, name, { clean: true });
});

Given('client {string} is connected with a persistent session', async function (this: ConformanceWorld, name: string) {
  await connectAccepted(this, name, { clean: false });
});

Given('client {string} is connected with keep alive {int} seconds', async function (this: ConformanceWorld, name: string, keepalive: number) {
  await connectAccepted(this, name, { clean: true, keepalive });
});

When('client {string} connects', async function (this: ConformanceWorld, name: string) {
  await this.connectAndWait(name, { clean: true });
});

When('client {string} connects with a persistent session', async function (this: ConformanceWorld, name: string) {
  await this.connectAndWait(name, { clean: false });
});

When('client {string} connects with a clean session', async function (this: ConformanceWorld, name: string) {
  await this.connectAndWait(name, { clean: true });
});

When('client {string} sends CONNECT with:', async function (this: ConformanceWorld, name: string, table: DataTable) {
  await this.sendConnect(name, parseConnectTable(this, table));
});

When('client {string} opens a network connection', async function (this: ConformanceWorld, name: string) {
  await this.openConnection(name);
});

When('client {string} sends the bytes {string}', function (this: ConformanceWorld, name: string, hex: string) {
  this.client(name).sendRaw(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
});

When('client {string} sends a {packetType} packet', function (this: ConformanceWorld, name: string, cmd: string) {
  this.client(name).send({ cmd } as Packet);
});

When('client {string} disconnects', async function (this: ConformanceWorld, name: string) {
  await this.client(name).disconnect();
});

When('the network connection of client {string} drops', function (this: ConformanceWorld, name: string) {
  this.client(name).drop();
});

Then('client {string} receives CONNACK with return code {int}', async function (this: ConformanceWorld, name: string, code: number) {
  const connack = await judgeConnack(this, name);
  assert.equal(connackCode(connack), code, `expected CONNACK return code ${code}; the broker sent ${connackCode(connack)}`);
});

Then('client {string} receives CONNACK with return code {int} and session present {int}', async function (this: ConformanceWorld, name: string, code: number, present: number) {
  const connack = await judgeConnack(this, name);
  assert.equal(connackCode(connack), code, `expected CONNACK return code ${code}; the broker sent ${connackCode(connack)}`);
  assert.equal(connack.sessionPresent ? 1 : 0, present, `expected session present ${present}; the broker sent ${connack.sessionPresent ? 1 : 0}`);
});

Then('client {string} receives a CONNACK refusing the connection', async function (this: ConformanceWorld, name: string) {
  const connack = await judgeConnack(this, name);
  assert.notEqual(connackCode(connack), 0, 'expected the CONNECT to be refused (a non-zero return code); the broker accepted it with return code 0');
});

Then('that CONNACK has return code {int}', function (this: ConformanceWorld, code: number) {
  const connack = judgedConnack(this);
  assert.equal(connackCode(connack), code, `expected CONNACK return code ${code}; the broker sent ${connackCode(connack)}`);
});

Then('that CONNACK has session present {int}', function (this: ConformanceWorld, present: number) {
  const connack = judgedConnack(this);
  // [MQTT-3.2.2-4] a CONNACK with a non-zero return code says session present 0.
  assert.equal(connack.sessionPresent ? 1 : 0, present, `expected session present ${present} (return code ${connackCode(connack)}); the broker sent ${connack.sessionPresent ? 1 : 0}`);
});

Then('client {string} receives no CONNACK', async function (this: ConformanceWorld, name: string) {
  // After a second CONNECT the broker must close the connection [MQTT-3.1.0-2]: closing is allowed here.
  await this.client(name).expectNone((p) => p.cmd === 'connack', this.silence(), 'CONNACK', { mayBeClosed: true });
});

Then('client {string} receives a {packetType} packet', async function (this: ConformanceWorld, name: string, cmd: string) {
  await this.client(name).expect((p) => p.cmd === cmd, this.ms(), `a ${cmd.toUpperCase()}`);
});

Then('client {string} receives no {packetType} packet', async function (this: ConformanceWorld, name: string, cmd: string) {
  // Before CONNECT was accepted the broker may close the connection instead of answering [MQTT-4.8.0-1].
  const connection = this.client(name);
  await connection.expectNone((p) => p.cmd === cmd, this.silence(), cmd.toUpperCase(), { mayBeClosed: !connection.accepted, barrierMs: this.ms() });
});

Then('the broker closes the connection of client {string} within {int} seconds', { timeout: 60_000 }, async function (this: ConformanceWorld, name: string, seconds: number) {
  await this.client(name).waitClosed(this.ms(seconds * 1000));
});

Then('the broker closes the connection of client {string}', async function (this: ConformanceWorld, name: string) {
  await this.client(name).waitClosed(this.ms());
});

Then('the connection of client {string} stays open', async function (this: ConformanceWorld, name: string) {
  await this.client(name).expectOpenFor(this.ms(STAYS_OPEN_MS));
});

async function takeConnack(world: ConformanceWorld, name: string): Promise<Packet> {
  return world.client(name).expect((p) => p.cmd === 'connack', world.ms(), 'a CONNACK');
}

/** The client's CONNACK (the one connectAndWait kept, else the next to arrive), kept as "that CONNACK". */
export async function judgeConnack(world: ConformanceWorld, name: string): Promise<IConnackPacket> {
  const connack = (world.lastConnack.get(name) ?? (await takeConnack(world, name))) as IConnackPacket;
  world.lastConnack.delete(name);
  world.lastJudgedConnack = connack;
  return connack;
}

function judgedConnack(world: ConformanceWorld): IConnackPacket {
  const connack = world.lastJudgedConnack;
  assert.ok(connack !== undefined, 'no CONNACK was received yet ("that CONNACK" follows a step that receives one)');
  return connack;
}
