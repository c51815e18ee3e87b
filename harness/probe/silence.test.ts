// The silence rules of ProbeConnection.expectNone against a scripted peer on real TCP: a quiet, live
// connection passes after a PINGREQ/PINGRESP round trip; a close before or during the window fails;
// a packet sent just before the PINGRESP fails; a peer that never answers the PINGREQ fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import mqtt from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { ProbeConnection } from './probe-connection.ts';
import { Trace } from './trace.ts';

type Script = (packet: Packet, socket: net.Socket) => void;

/** A peer that answers CONNECT with CONNACK 0 and hands every other packet to the script. */
async function peer(script: Script): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const parser = mqtt.parser({ protocolVersion: 4 });
    parser.on('packet', (packet: Packet) => {
      if (packet.cmd === 'connect') socket.write(mqtt.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false } as Packet));
      else script(packet, socket);
    });
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function connected(url: string): Promise<ProbeConnection> {
  const connection = await ProbeConnection.open({ name: 'c', url, protocolVersion: 4, trace: new Trace(), connectTimeoutMs: 2000, autoAck: true });
  connection.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'c', clean: true, keepalive: 60 } as Packet);
  await connection.expect((p) => p.cmd === 'connack', 2000, 'CONNACK');
  return connection;
}

const publishes = (p: Packet): boolean => p.cmd === 'publish';
const pingresp = mqtt.generate({ cmd: 'pingresp' } as Packet);
const message = mqtt.generate({ cmd: 'publish', topic: 't', payload: Buffer.from('late'), qos: 0, retain: false, dup: false } as Packet);

test('a quiet live connection passes, after a PINGREQ answered by PINGRESP', async () => {
  let pings = 0;
  const broker = await peer((p, socket) => {
    if (p.cmd === 'pingreq') {
      pings++;
      socket.write(pingresp);
    }
  });
  const c = await connected(broker.url);
  await c.expectNone(publishes, 50, 'PUBLISH');
  assert.equal(pings, 1);
  c.drop();
  await broker.close();
});

test('a connection closed during the window fails, and one already closed fails at once', async () => {
  const broker = await peer(() => undefined);
  const c = await connected(broker.url);
  const silent = c.expectNone(publishes, 1000, 'PUBLISH');
  await broker.close();
  await assert.rejects(silent, /closed the connection during the window/);
  await assert.rejects(c.expectNone(publishes, 10, 'PUBLISH'), /closed before the window began/);
  await c.expectNone(publishes, 10, 'PUBLISH', { mayBeClosed: true });
});

test('a message the broker sends just before its PINGRESP fails the window; no PINGRESP fails it too', async () => {
  const late = await peer((p, socket) => {
    if (p.cmd === 'pingreq') socket.write(Buffer.concat([message, pingresp]));
  });
  const c = await connected(late.url);
  await assert.rejects(c.expectNone(publishes, 20, 'PUBLISH'), /before the PINGRESP/);
  c.drop();
  await late.close();
  const mute = await peer(() => undefined);
  const d = await connected(mute.url);
  await assert.rejects(d.expectNone(publishes, 20, 'PUBLISH', { barrierMs: 100 }), /no PINGRESP within 100 ms/);
  d.drop();
  await mute.close();
});
