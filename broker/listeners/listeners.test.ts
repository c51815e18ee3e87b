// Listeners against a fake core that echoes bytes back: each transport delivers a byte stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { WebSocket } from 'ws';
import type { ConnectionMeta } from '../core/contracts.ts';
import { SilentLogger } from '../log/json-logger.ts';
import type { ConnectionHandler, RunningListener } from './listener.ts';
import { startListener, startListeners } from './start-listeners.ts';
import { ListenerError } from './listener.ts';

const CERTS = resolve(import.meta.dirname, '../../fixtures/certs');
const tlsFiles = { cert: `${CERTS}/server.crt`, key: `${CERTS}/server.key` };
const ca = readFileSync(`${CERTS}/ca.crt`);
const logger = new SilentLogger();

class EchoCore implements ConnectionHandler {
  readonly metas: ConnectionMeta[] = [];
  readonly streams: Duplex[] = [];
  handle(stream: Duplex, meta: ConnectionMeta): void {
    this.metas.push(meta);
    this.streams.push(stream);
    stream.on('data', (chunk: Buffer) => stream.write(chunk));
  }
}

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); })]).finally(() => clearTimeout(timer));
}

function readBytes(stream: { on(e: 'data', f: (b: Buffer) => void): unknown }, n: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (b: Buffer) => {
      chunks.push(b);
      total += b.length;
      if (total >= n) resolve(Buffer.concat(chunks));
    });
  });
}

async function withListener(config: Parameters<typeof startListener>[0], fn: (l: RunningListener, core: EchoCore) => Promise<void>): Promise<void> {
  const core = new EchoCore();
  const listener = await startListener(config, core, { logger });
  try {
    await fn(listener, core);
  } finally {
    await within(2000, 'listener close', listener.close());
  }
}

test('tcp: ephemeral port, url, bytes reach the core and come back, meta says tcp', async () => {
  await withListener({ type: 'tcp', host: '127.0.0.1', port: 0 }, async (l, core) => {
    assert.ok(l.port > 0);
    assert.equal(l.url, `mqtt://127.0.0.1:${l.port}`);
    const socket = netConnect(l.port, '127.0.0.1');
    socket.write(Buffer.from([0x10, 0x00]));
    assert.deepEqual(await within(2000, 'echo', readBytes(socket, 2)), Buffer.from([0x10, 0x00]));
    assert.equal(core.metas[0]?.transport, 'tcp');
    assert.equal(core.metas[0]?.remoteAddress, '127.0.0.1');
    socket.destroy();
  });
});

test('tls: handshake with the test CA for 127.0.0.1 and localhost', async () => {
  await withListener({ type: 'tls', host: '127.0.0.1', port: 0, ...tlsFiles }, async (l, core) => {
    assert.equal(l.url, `mqtts://127.0.0.1:${l.port}`);
    for (const servername of ['localhost', undefined]) {
      const socket = tlsConnect({ port: l.port, host: '127.0.0.1', ca, ...(servername ? { servername } : {}) });
      await within(3000, 'secureConnect', new Promise((r, j) => { socket.once('secureConnect', r); socket.once('error', j); }));
      assert.equal(socket.authorized, true);
      socket.write('abc');
      assert.equal((await within(2000, 'echo', readBytes(socket, 3))).toString(), 'abc');
      socket.destroy();
    }
    assert.equal(core.metas[0]?.transport, 'tls');
  });
});

for (const secure of [false, true]) {
  const type = secure ? 'wss' : 'ws';
  const config = secure ? { type: 'wss' as const, host: '127.0.0.1', port: 0, path: '/mqtt', ...tlsFiles } : { type: 'ws' as const, host: '127.0.0.1', port: 0, path: '/mqtt' };

  test(`${type}: selects subprotocol mqtt, binary frames are a byte stream (packets split across frames)`, async () => {
    await withListener(config, async (l, core) => {
      assert.equal(l.url, `${type}://127.0.0.1:${l.port}/mqtt`);
      const ws = new WebSocket(l.url, ['mqtt'], { ca });
      await within(3000, 'open', new Promise((r, j) => { ws.once('open', r); ws.once('error', j); }));
      assert.equal(ws.protocol, 'mqtt'); // [MQTT-6.0.0-4]
      const got = readBytes({ on: (_e, f) => ws.on('message', (d: Buffer) => f(d)) }, 4);
      ws.send(Buffer.from([0xc0]), { binary: true }); // PINGREQ split over two frames [MQTT-6.0.0-2]
      ws.send(Buffer.from([0x00, 0xc0, 0x00]), { binary: true }); // end of it + a whole second one
      assert.deepEqual(await within(2000, 'echo', got), Buffer.from([0xc0, 0x00, 0xc0, 0x00]));
      assert.equal(core.metas[0]?.transport, type);
      ws.terminate();
    });
  });

  test(`${type}: a text frame closes the connection and never reaches the core`, async () => {
    await withListener(config, async (l, core) => {
      const ws = new WebSocket(l.url, ['mqtt'], { ca });
      await within(3000, 'open', new Promise((r, j) => { ws.once('open', r); ws.once('error', j); }));
      const received: Buffer[] = [];
      core.streams[0]!.on('data', (b: Buffer) => received.push(b));
      const closed = new Promise((r) => ws.once('close', r));
      ws.send('\u00c0\u0000'); // text frame [MQTT-6.0.0-1]
      await within(2000, 'close after text frame', closed);
      assert.deepEqual(received, []);
    });
  });
}

test('ws: other paths are refused', async () => {
  await withListener({ type: 'ws', host: '127.0.0.1', port: 0, path: '/mqtt' }, async (l) => {
    const ws = new WebSocket(`ws://127.0.0.1:${l.port}/other`, ['mqtt']);
    const err = await within(2000, 'refusal', new Promise<Error>((r) => ws.once('error', r)));
    assert.match(err.message, /Unexpected server response/);
  });
});

test('close() ends open connections and does not hang', async () => {
  const core = new EchoCore();
  const listeners = await startListeners([
    { type: 'tcp', host: '127.0.0.1', port: 0 },
    { type: 'ws', host: '127.0.0.1', port: 0, path: '/mqtt' },
  ], core, { logger });
  const socket = netConnect(listeners[0]!.port, '127.0.0.1');
  const ws = new WebSocket(listeners[1]!.url, ['mqtt']);
  await within(2000, 'ws open', new Promise((r) => ws.once('open', r)));
  await within(2000, 'tcp accepted', new Promise<void>((r) => { const t = setInterval(() => { if (core.metas.length === 2) { clearInterval(t); r(); } }, 5); }));
  const socketClosed = new Promise((r) => socket.once('close', r));
  const wsClosed = new Promise((r) => ws.once('close', r));
  await within(2000, 'close listeners', Promise.all(listeners.map((l) => l.close())));
  await within(2000, 'clients see the close', Promise.all([socketClosed, wsClosed]));
});

test('a port in use is a ListenerError that says what to do; earlier listeners are closed again', async () => {
  const first = await startListener({ type: 'tcp', host: '127.0.0.1', port: 0 }, new EchoCore(), { logger });
  try {
    await assert.rejects(
      startListeners([{ type: 'ws', host: '127.0.0.1', port: 0, path: '/mqtt' }, { type: 'tcp', host: '127.0.0.1', port: first.port }], new EchoCore(), { logger }),
      (err: unknown) => err instanceof ListenerError && err.code === 'EADDRINUSE' && /address already in use; choose another port/.test(err.message),
    );
  } finally {
    await first.close();
  }
});

test('tls and wss: a socket that never completes the TLS handshake is dropped after connectTimeoutMs', async () => {
  const core = new EchoCore();
  const listeners = await startListeners([
    { type: 'tls', host: '127.0.0.1', port: 0, ...tlsFiles },
    { type: 'wss', host: '127.0.0.1', port: 0, path: '/mqtt', ...tlsFiles },
  ], core, { logger, connectTimeoutMs: 300 });
  try {
    for (const l of listeners) {
      const socket = netConnect(l.port, '127.0.0.1');
      const started = performance.now();
      await within(3000, `${l.type} drops a silent socket`, new Promise((r) => socket.once('close', r)));
      assert.ok(performance.now() - started >= 250, `${l.type} kept the socket for the deadline`);
    }
    assert.equal(core.metas.length, 0);
  } finally {
    await Promise.all(listeners.map((l) => l.close()));
  }
});
