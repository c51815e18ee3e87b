// The proxy over TLS and WebSocket, against the reference broker's own TLS, WS and WSS listeners:
// pass-through keeps each transport's behaviour; the WebSocket faults change only what they say.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { after, before, test } from 'node:test';
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import WebSocket from 'ws';
import { launchReferenceBroker } from '../target/index.ts';
import type { LaunchedBroker } from '../target/index.ts';
import { FaultProxy, TransportMismatchError } from './fault-proxy.ts';
import { findFault } from './faults/index.ts';
import { CERTS_DIR } from './transports.ts';

let broker: LaunchedBroker | undefined;
const proxies: FaultProxy[] = [];
const ca = readFileSync(`${CERTS_DIR}ca.crt`);

before(async () => {
  broker = await launchReferenceBroker({ listenerTypes: ['tcp', 'tls', 'ws', 'wss'] });
});

after(async () => {
  for (const p of proxies) await p.stop();
  await broker?.stop();
});

async function proxy(fault: string, transport: 'mqtts' | 'ws' | 'wss'): Promise<FaultProxy> {
  const upstream = broker?.transports[transport];
  assert.ok(upstream !== undefined, `the reference broker has a ${transport} listener`);
  const p = await new FaultProxy({ upstream, fault: findFault(fault) }).start();
  proxies.push(p);
  return p;
}

const connect = (clientId: string): Buffer =>
  mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId });
const pingreq = mqttPacket.generate({ cmd: 'pingreq' });

/** Packets arriving on a byte source, each wait bounded. */
class Packets {
  readonly list: Packet[] = [];
  private wake: (() => void) | undefined;
  closed = false;
  private readonly parser = mqttPacket.parser({ protocolVersion: 4 });
  constructor() {
    this.parser.on('packet', (p: Packet) => {
      this.list.push(p);
      this.wake?.();
    });
  }
  push(data: Buffer): void {
    this.parser.parse(data);
  }
  close(): void {
    this.closed = true;
    this.wake?.();
  }
  async next(ms = 3000): Promise<Packet> {
    const deadline = Date.now() + ms;
    while (this.list.length === 0) {
      if (this.closed) throw new Error('closed while waiting for a packet');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no packet within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.list.shift() as Packet;
  }
  async closesWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.closed;
  }
}

async function openWs(url: string, protocols: string[]): Promise<{ socket: WebSocket; packets: Packets }> {
  const socket = new WebSocket(url, protocols, { ca });
  const packets = new Packets();
  socket.on('message', (data: Buffer) => packets.push(data));
  socket.on('close', () => packets.close());
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, packets };
}

test('TLS: the proxy terminates TLS with the test certificate and re-originates it to the broker', async () => {
  const p = await proxy('pass-through', 'mqtts');
  assert.match(p.url, /^mqtts:\/\/127\.0\.0\.1:\d+$/);
  const socket = tls.connect({ host: '127.0.0.1', port: p.port, ca });
  const packets = new Packets();
  socket.on('data', (d: Buffer) => packets.push(d));
  socket.on('close', () => packets.close());
  await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  socket.write(connect(`tls-${process.pid}`));
  assert.equal((await packets.next()).cmd, 'connack');
  socket.write(pingreq);
  assert.equal((await packets.next()).cmd, 'pingresp');
  socket.destroy();
});

for (const transport of ['ws', 'wss'] as const) {
  test(`${transport}: pass-through selects the broker's subprotocol, carries binary frames and forwards a text frame`, async () => {
    const p = await proxy('pass-through', transport);
    assert.match(p.url, new RegExp(`^${transport}://127\\.0\\.0\\.1:\\d+/mqtt$`));
    const { socket, packets } = await openWs(p.url, ['mqtt']);
    assert.equal(socket.protocol, 'mqtt');
    socket.send(connect(`${transport}-${process.pid}`), { binary: true });
    assert.equal((await packets.next()).cmd, 'connack');
    socket.send(pingreq, { binary: false }); // a text frame: the broker must close [MQTT-6.0.0-1]
    assert.equal(await packets.closesWithin(3000), true, 'the broker closed on the text frame, through the proxy');
    assert.equal(p.timesApplied, 0);
  });
}

test('accept-text-frames: a text frame is read as MQTT (PINGRESP comes back, no close)', async () => {
  const p = await proxy('accept-text-frames', 'ws');
  const { socket, packets } = await openWs(p.url, ['mqtt']);
  socket.send(connect(`text-${process.pid}`), { binary: true });
  assert.equal((await packets.next()).cmd, 'connack');
  socket.send(pingreq, { binary: false });
  assert.equal((await packets.next()).cmd, 'pingresp');
  assert.equal(p.timesApplied, 1);
  socket.close();
});

test('assume-frame-alignment: of CONNECT and PINGREQ in one frame only the CONNECT is read; a later single PINGREQ is answered', async () => {
  const p = await proxy('assume-frame-alignment', 'ws');
  const { socket, packets } = await openWs(p.url, ['mqtt']);
  socket.send(Buffer.concat([connect(`align-${process.pid}`), pingreq]), { binary: true });
  assert.equal((await packets.next()).cmd, 'connack');
  socket.send(pingreq, { binary: true });
  assert.equal((await packets.next()).cmd, 'pingresp');
  assert.equal(packets.list.length, 0, 'one PINGRESP only: the PINGREQ sharing the CONNECT frame was lost');
  assert.equal(p.timesApplied, 1);
  socket.close();
});

test('wrong-websocket-subprotocol: the handshake answers "mqttv3.1" where the broker chose "mqtt"', async () => {
  const p = await proxy('wrong-websocket-subprotocol', 'wss');
  const { socket } = await openWs(p.url, ['mqtt', 'mqttv3.1']);
  assert.equal(socket.protocol, 'mqttv3.1');
  assert.equal(p.timesApplied, 1);
  socket.close();
});

test('a WebSocket listener needs a WebSocket upstream', () => {
  assert.throws(() => new FaultProxy({ upstream: 'mqtt://127.0.0.1:1883', listen: 'ws', fault: findFault('pass-through') }), TransportMismatchError);
});
