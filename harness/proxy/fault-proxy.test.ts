// The proxy itself: byte-exact pass-through (against a recording TCP server and against mosquitto),
// close propagation, the fault registry and the CLI.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, before, test } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { FaultProxy } from './fault-proxy.ts';
import { FAULTS, findFault } from './faults/index.ts';
import { proxyMain } from './proxy-main.ts';
import { startMosquitto } from './testing/mosquitto.ts';
import type { Mosquitto } from './testing/mosquitto.ts';
import { RawClient } from './testing/raw-client.ts';

let mosquitto: Mosquitto;
before(async () => {
  mosquitto = await startMosquitto();
});
after(async () => {
  await mosquitto.stop();
});

async function collect(socket: net.Socket, length: number, ms = 2000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${total}/${length} bytes within ${ms} ms`)), ms);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= length) {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks));
      }
    });
  });
}

test('pass-through forwards valid and malformed bytes byte-exact in both directions', async () => {
  let upstreamSocket: net.Socket | undefined;
  let onAccept: (socket: net.Socket) => void = () => undefined;
  const accepted = new Promise<net.Socket>((resolve) => {
    onAccept = resolve;
  });
  const server = net.createServer((socket) => {
    upstreamSocket = socket;
    onAccept(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  const serverPort = (): number => (server.address() as net.AddressInfo).port;
  const proxy = await new FaultProxy({ upstream: `mqtt://127.0.0.1:${serverPort()}`, fault: findFault('pass-through') }).start();
  try {
    const client = net.connect({ host: '127.0.0.1', port: proxy.port });
    const upstream = await accepted;
    const connect = mqttPacket.generate({ cmd: 'connect', clientId: 'x', protocolVersion: 4, protocolId: 'MQTT', clean: true, keepalive: 0 });
    // A valid CONNECT, a PUBLISH with QoS 3 (forbidden flags), a SUBSCRIBE with wrong reserved bits,
    // then a Remaining Length of five bytes followed by random garbage.
    const sent = Buffer.concat([connect, Buffer.from([0x36, 0x03, 0x00, 0x01, 0x61]), Buffer.from([0x80, 0x02, 0x00, 0x01]), Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]), randomBytes(500)]);
    const arriving = collect(upstream, sent.length);
    client.write(sent.subarray(0, 11));
    client.write(sent.subarray(11));
    assert.ok((await arriving).equals(sent), 'the broker side received exactly the bytes sent');
    const back = Buffer.concat([Buffer.from([0x20, 0x02, 0x00, 0x00]), Buffer.from([0x3b, 0x05, 0x00, 0x01, 0x23, 0x00, 0x07]), Buffer.from([0xd0, 0x00]), Buffer.from([0x90, 0xff, 0xff, 0xff, 0x80]), randomBytes(300)]);
    const returning = collect(client, back.length);
    upstream.write(back);
    assert.ok((await returning).equals(back), 'the client received exactly the bytes the broker sent');
    const clientClosed = new Promise((resolve) => client.once('close', resolve));
    upstreamSocket?.end();
    await clientClosed;
    assert.deepEqual(proxy.log, [], 'pass-through applies nothing');
  } finally {
    await proxy.stop();
  }
});

test('through pass-through, mosquitto still rejects a CONNECT with the reserved flag set (it arrives unchanged)', async () => {
  const proxy = await new FaultProxy({ upstream: `mqtt://127.0.0.1:${mosquitto.ports.open}`, fault: findFault('pass-through') }).start();
  try {
    const client = await RawClient.open(proxy.port);
    const connect = mqttPacket.generate({ cmd: 'connect', clientId: 'reserved-flag', protocolVersion: 4, protocolId: 'MQTT', clean: true, keepalive: 0 });
    const flagsAt = 2 + 2 + 4 + 1;
    connect[flagsAt] = (connect[flagsAt] ?? 0) | 0x01; // [MQTT-3.1.2-3] reserved flag must be 0
    client.send(connect);
    assert.equal(await client.closesWithin(2000), true, 'the broker closed the connection');
    assert.deepEqual(client.received, [], 'no CONNACK');
  } finally {
    await proxy.stop();
  }
});

test('through pass-through a normal session works and the client closing closes upstream', async () => {
  const proxy = await new FaultProxy({ upstream: `mqtt://127.0.0.1:${mosquitto.ports.open}`, fault: findFault('pass-through') }).start();
  try {
    const { client, connack } = await RawClient.connect(proxy.port);
    assert.equal(connack.returnCode, 0);
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'pt/a', qos: 1 }] });
    assert.deepEqual((await client.expect('suback')).granted, [1]);
    client.send({ cmd: 'publish', topic: 'pt/a', payload: Buffer.from('hi'), qos: 1, messageId: 2, dup: false, retain: false });
    const got = [await client.next(), await client.next()].map((p) => p.cmd).sort();
    assert.deepEqual(got, ['puback', 'publish']);
    client.end();
    await client.closed;
  } finally {
    await proxy.stop();
  }
});

test('the registry holds at least 12 distinct faults besides pass-through, each naming its statements', () => {
  const names = FAULTS.map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  const faults = FAULTS.filter((f) => f.name !== 'pass-through');
  assert.ok(faults.length >= 12, `${faults.length} faults`);
  for (const fault of faults) assert.ok(fault.rules.length > 0 && fault.rules.every((r) => /^MQTT-\d/.test(r)), fault.name);
});

test('CLI: --list, unknown fault (exit 2), and a run until stopped', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  assert.equal(await proxyMain(['--list'], io), 0);
  assert.ok(out.some((l) => l.startsWith('clear-retain-flag')));
  assert.equal(await proxyMain(['--upstream', 'mqtt://127.0.0.1:1', '--fault', 'nope'], io), 2);
  assert.match(err.join('\n'), /unknown fault "nope".*\n[\s\S]*raise-qos/);
  assert.equal(await proxyMain(['--fault', 'raise-qos'], io), 2);
  out.length = 0;
  let stop: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const running = proxyMain(['--upstream', `mqtt://127.0.0.1:${mosquitto.ports.open}`, '--fault', 'flip-session-present'], { ...io, stopSignal });
  const deadline = Date.now() + 2000;
  while (!out.includes('ready') && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  const port = Number(/listening mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(out[0] ?? '')?.[1]);
  const { client, connack } = await RawClient.connect(port);
  assert.equal(connack.sessionPresent, true, 'the fault is active through the CLI');
  client.destroy();
  stop();
  assert.equal(await running, 0);
  assert.ok(out.some((l) => l.startsWith('fault flip-session-present #1: Session Present 0 → 1')));
});

test('8 MB to a reader that starts paused arrive byte-exact (backpressure, no loss)', async () => {
  let onAccept: (socket: net.Socket) => void = () => undefined;
  const accepted = new Promise<net.Socket>((resolve) => {
    onAccept = resolve;
  });
  const server = net.createServer((socket) => onAccept(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = await new FaultProxy({ upstream: `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`, fault: findFault('set-retain-flag') }).start();
  try {
    const client = net.connect({ host: '127.0.0.1', port: proxy.port });
    const upstream = await accepted;
    upstream.pause(); // a reader that is not reading yet
    const frame = mqttPacket.generate({ cmd: 'publish', topic: 'big', payload: randomBytes(64 * 1024), qos: 0, dup: false, retain: false });
    const sent = Buffer.concat(Array.from({ length: 128 }, () => frame));
    client.write(sent);
    const arriving = collect(upstream, sent.length, 10_000);
    upstream.resume();
    assert.ok((await arriving).equals(sent), 'client→broker PUBLISHes are not touched by a broker→client fault');
    client.destroy();
  } finally {
    await proxy.stop();
    server.close();
  }
});
