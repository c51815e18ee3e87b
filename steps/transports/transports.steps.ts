// Transports: MQTT over TLS and over WebSocket (ws:// and wss://), including the WebSocket framing
// rules of section 6: binary frames only, packets not aligned to frames, subprotocol "mqtt".
import { After } from '@cucumber/cucumber';
import { When, Then } from '../support/define.ts';
import mqtt from 'mqtt-packet';
import type { Packet, IConnackPacket } from 'mqtt-packet';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';
import type { Transport } from '../../harness/target/target-spec.ts';
import { WsClient } from './ws-client.ts';

const sockets = new WeakMap<ConformanceWorld, Map<string, WsClient>>();

function socketsOf(world: ConformanceWorld): Map<string, WsClient> {
  let map = sockets.get(world);
  if (map === undefined) sockets.set(world, (map = new Map()));
  return map;
}

function socketOf(world: ConformanceWorld, name: string): WsClient {
  const socket = socketsOf(world).get(name);
  if (socket === undefined) throw new Error(`client "${name}" has no WebSocket: open one first`);
  return socket;
}

function transportOf(text: string): Transport {
  if (text === 'mqtt' || text === 'mqtts' || text === 'ws' || text === 'wss') return text;
  throw new Error(`unknown transport "${text}" (use mqtt, mqtts, ws or wss)`);
}

function connectBytes(world: ConformanceWorld, name: string): Buffer {
  return mqtt.generate({
    cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: world.clientId(name), keepalive: 60,
    ...(world.target.username === undefined ? {} : { username: world.target.username }),
    ...(world.target.password === undefined ? {} : { password: Buffer.from(world.target.password) }),
  } as Packet);
}

After(function (this: ConformanceWorld) {
  for (const socket of socketsOf(this).values()) socket.close();
});

When('client {string} connects over {word}', async function (this: ConformanceWorld, name: string, transport: string) {
  const connack = (await this.connectAndWait(name, { clean: true, transport: transportOf(transport) })) as IConnackPacket;
  assert.equal(connack.returnCode, 0, `expected the CONNECT over ${transport} to be accepted; the broker answered ${connack.returnCode}`);
});

When('client {string} opens a WebSocket over {word} offering the subprotocol {string}', async function (this: ConformanceWorld, name: string, transport: string, protocol: string) {
  const socket = await WsClient.open({
    name, url: this.urlFor(transportOf(transport)), protocols: [protocol], caFile: this.target.caFile, trace: this.trace, timeoutMs: this.ms(5000),
  });
  socketsOf(this).set(name, socket);
});

Then('the broker selected the WebSocket subprotocol {string} for client {string}', function (this: ConformanceWorld, protocol: string, name: string) {
  const selected = socketOf(this, name).protocol;
  assert.equal(selected, protocol, `expected the server to select the subprotocol "${protocol}" [MQTT-6.0.0-4]; it selected "${selected}"`); // [MQTT-6.0.0-4]
});

When('client {string} sends CONNECT over the WebSocket split into {int} frames', function (this: ConformanceWorld, name: string, parts: number) {
  const bytes = connectBytes(this, name);
  const size = Math.ceil(bytes.length / parts);
  const frames: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) frames.push(bytes.subarray(at, at + size));
  socketOf(this, name).sendFrames(frames, `CONNECT in ${frames.length} binary frames`);
});

When('client {string} sends CONNECT over the WebSocket', function (this: ConformanceWorld, name: string) {
  socketOf(this, name).sendFrames([connectBytes(this, name)], 'CONNECT in one binary frame');
});

When('client {string} sends CONNECT and PINGREQ over the WebSocket in one frame', function (this: ConformanceWorld, name: string) {
  const both = Buffer.concat([connectBytes(this, name), mqtt.generate({ cmd: 'pingreq' } as Packet)]);
  socketOf(this, name).sendFrames([both], 'CONNECT + PINGREQ in one binary frame');
});

When('client {string} sends a PINGREQ over the WebSocket in a text frame', function (this: ConformanceWorld, name: string) {
  socketOf(this, name).sendText(mqtt.generate({ cmd: 'pingreq' } as Packet), 'PINGREQ');
});

When('client {string} sends a PINGREQ over the WebSocket', function (this: ConformanceWorld, name: string) {
  socketOf(this, name).sendFrames([mqtt.generate({ cmd: 'pingreq' } as Packet)], 'PINGREQ');
});

Then('client {string} receives CONNACK with return code {int} over the WebSocket', async function (this: ConformanceWorld, name: string, code: number) {
  const connack = (await socketOf(this, name).expect((p) => p.cmd === 'connack', this.ms(), 'a CONNACK')) as IConnackPacket;
  assert.equal(connack.returnCode, code, `expected CONNACK return code ${code}; the broker sent ${connack.returnCode}`);
});

Then('client {string} receives a {packetType} packet over the WebSocket', async function (this: ConformanceWorld, name: string, cmd: string) {
  await socketOf(this, name).expect((p) => p.cmd === cmd, this.ms(), `a ${cmd.toUpperCase()}`);
});

Then('the broker closes the WebSocket of client {string}', async function (this: ConformanceWorld, name: string) {
  await socketOf(this, name).waitClosed(this.ms());
});
