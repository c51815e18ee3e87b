// End to end: the broker CLI as a child process on ephemeral ports, driven by real clients —
// MQTT.js over mqtt://, mqtts://, ws://, wss:// and Debian's mosquitto_pub/mosquitto_sub.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { connectAsync } from 'mqtt';
import { WebSocket } from 'ws';
import type { IClientOptions, MqttClient } from 'mqtt';
import { runCli, spawnBroker } from '../cli/spawn-broker.ts';
import type { SpawnedBroker } from '../cli/spawn-broker.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const CA_FILE = join(FIXTURES, 'certs/ca.crt');
const ca = readFileSync(CA_FILE);
const RUN = Math.random().toString(36).slice(2, 8);
const DEADLINE = 5000;

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); })]).finally(() => clearTimeout(timer));
}

const clients: MqttClient[] = [];
async function connect(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await within(DEADLINE, `connect ${url}`, connectAsync(url, { ca, reconnectPeriod: 0, connectTimeout: DEADLINE, clientId: `e2e-${RUN}-${clients.length}`, ...options }));
  clients.push(client);
  return client;
}

function nextMessages(client: MqttClient, count: number): Promise<{ topic: string; payload: string; qos: number }[]> {
  return new Promise((resolve) => {
    const got: { topic: string; payload: string; qos: number }[] = [];
    const onMessage = (topic: string, payload: Buffer, packet: { qos: number }) => {
      got.push({ topic, payload: payload.toString(), qos: packet.qos });
      if (got.length === count) { client.off('message', onMessage); resolve(got); }
    };
    client.on('message', onMessage);
  });
}

/** Runs a mosquitto client to its end; `onLine` may react to its stdout lines. */
function runMosquitto(cmd: string, args: string[], onLine?: (line: string) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // stdbuf: line-buffered stdout, so `-d` debug lines (SUBACK) arrive as they happen.
  const child = spawn('stdbuf', ['-oL', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  createInterface({ input: child.stdout }).on('line', (line) => { stdout += `${line}\n`; onLine?.(line); });
  const closed = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return within(DEADLINE * 2, `${cmd} ${args.join(' ')}`, closed)
    .catch((err: unknown) => { child.kill('SIGKILL'); throw err; });
}

function portOf(url: string): string {
  return new URL(url).port;
}

describe('broker CLI with all four listeners', () => {
  let broker: SpawnedBroker;

  before(async () => {
    broker = await spawnBroker(['--config', join(FIXTURES, 'configs/e2e.json')]);
  });

  after(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
    if (broker) {
      const { code, signal } = await broker.stop('SIGTERM');
      assert.equal(signal, null);
      assert.equal(code, 0, `SIGTERM → exit 0; stderr:\n${broker.stderr()}`);
    }
  });

  test('stdout lists one URL per listener, in config order', () => {
    assert.equal(broker.urls.length, 4);
    assert.match(broker.urls[0]!, /^mqtt:\/\/127\.0\.0\.1:\d+$/);
    assert.match(broker.urls[1]!, /^mqtts:\/\/127\.0\.0\.1:\d+$/);
    assert.match(broker.urls[2]!, /^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
    assert.match(broker.urls[3]!, /^wss:\/\/127\.0\.0\.1:\d+\/mqtt$/);
    assert.ok(broker.urls.every((u) => portOf(u) !== '0'));
  });

  for (const [index, scheme] of ['mqtt', 'mqtts', 'ws', 'wss'].entries()) {
    test(`MQTT.js over ${scheme}:// publishes and receives QoS 0, 1 and 2`, async () => {
      const url = broker.urls[index]!;
      const topic = `e2e/${RUN}/${scheme}`;
      const sub = await connect(url);
      const granted = await within(DEADLINE, 'suback', sub.subscribeAsync(`${topic}/#`, { qos: 2 }));
      assert.equal(granted[0]?.qos, 2);
      const received = nextMessages(sub, 3);
      const pub = await connect(url);
      await within(DEADLINE, 'publish qos 0', pub.publishAsync(`${topic}/q0`, 'zero', { qos: 0 }));
      await within(DEADLINE, 'publish qos 1 (PUBACK)', pub.publishAsync(`${topic}/q1`, 'one', { qos: 1 }));
      await within(DEADLINE, 'publish qos 2 (PUBCOMP)', pub.publishAsync(`${topic}/q2`, 'two', { qos: 2 }));
      const messages = (await within(DEADLINE, 'three messages', received)).sort((a, b) => a.topic.localeCompare(b.topic));
      assert.deepEqual(messages, [
        { topic: `${topic}/q0`, payload: 'zero', qos: 0 },
        { topic: `${topic}/q1`, payload: 'one', qos: 1 },
        { topic: `${topic}/q2`, payload: 'two', qos: 2 },
      ]);
    });
  }

  test('mosquitto_pub → mosquitto_sub through the broker (QoS 1), and mosquitto_pub over TLS → MQTT.js', async () => {
    const port = portOf(broker.urls[0]!);
    const topic = `e2e/${RUN}/mosquitto`;
    let published: Promise<unknown> | undefined;
    const sub = runMosquitto('mosquitto_sub', ['-h', '127.0.0.1', '-p', port, '-t', topic, '-q', '1', '-C', '1', '-d', '-i', `e2e-${RUN}-msub`], (line) => {
      // Publish only once the subscription is acknowledged: no race, no sleep.
      if (published === undefined && /received SUBACK/.test(line)) {
        published = runMosquitto('mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-t', topic, '-q', '1', '-m', 'from-mosquitto', '-i', `e2e-${RUN}-mpub`]);
      }
    });
    const result = await sub;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /received PUBLISH \(d0, q1, r0, m\d+, 'e2e\/[^']+\/mosquitto', \.\.\. \(14 bytes\)\)/);
    assert.match(result.stdout, /^from-mosquitto$/m);
    assert.equal((await published as { code: number }).code, 0);

    const client = await connect(broker.urls[0]!);
    await client.subscribeAsync(`${topic}/tls`, { qos: 1 });
    const got = nextMessages(client, 1);
    const tlsPub = await runMosquitto('mosquitto_pub', ['-h', '127.0.0.1', '-p', portOf(broker.urls[1]!), '--cafile', CA_FILE, '-t', `${topic}/tls`, '-q', '1', '-m', 'over-tls']);
    assert.equal(tlsPub.code, 0, tlsPub.stderr);
    assert.deepEqual(await within(DEADLINE, 'message from mosquitto_pub over TLS', got), [{ topic: `${topic}/tls`, payload: 'over-tls', qos: 1 }]);
  });

  test('MQTT.js → mosquitto_sub (QoS 1)', async () => {
    const topic = `e2e/${RUN}/to-mosquitto`;
    const pub = await connect(broker.urls[0]!);
    const sub = runMosquitto('mosquitto_sub', ['-h', '127.0.0.1', '-p', portOf(broker.urls[0]!), '-t', topic, '-q', '1', '-C', '1', '-d', '-i', `e2e-${RUN}-msub2`], (line) => {
      if (/received SUBACK/.test(line)) void pub.publishAsync(topic, 'from-mqttjs', { qos: 1 });
    });
    const result = await sub;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^from-mqttjs$/m);
  });

  test('ws: subprotocol mqtt selected, a CONNECT split over two binary frames gets its CONNACK, a text frame closes', async () => {
    const connectPacket = Buffer.from([0x10, 0x12, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x06, ...Buffer.from(`w${RUN}`.slice(0, 6).padEnd(6, 'x'))]);
    for (const url of [broker.urls[2]!, broker.urls[3]!]) {
      const ws = new WebSocket(url, ['mqtt'], { ca });
      const frames: Buffer[] = [];
      ws.on('message', (data: Buffer) => frames.push(data));
      await within(DEADLINE, 'ws open', new Promise((r, j) => { ws.once('open', r); ws.once('error', j); }));
      assert.equal(ws.protocol, 'mqtt'); // [MQTT-6.0.0-4]
      ws.send(connectPacket.subarray(0, 5), { binary: true }); // [MQTT-6.0.0-2]
      ws.send(connectPacket.subarray(5), { binary: true });
      await within(DEADLINE, 'CONNACK', new Promise<void>((r) => { const check = () => { if (Buffer.concat(frames).length >= 4) r(); else ws.once('message', check); }; check(); }));
      assert.deepEqual(Buffer.concat(frames), Buffer.from([0x20, 0x02, 0x00, 0x00]));
      const closed = new Promise((r) => ws.once('close', r));
      ws.send('\u00c0\u0000'); // PINGREQ bytes, but in a text frame [MQTT-6.0.0-1]
      await within(DEADLINE, 'close after a text frame', closed);
      assert.deepEqual(Buffer.concat(frames), Buffer.from([0x20, 0x02, 0x00, 0x00]), 'no PINGRESP for a text frame');
    }
  });

  test('credentials: right password accepted; wrong password and unknown user refused with CONNACK 4', async () => {
    const url = broker.urls[0]!;
    await connect(url, { username: 'conformance', password: 'conformance-pw' });
    await connect(url, { username: 'second', password: 'second-pw' });
    for (const [username, password] of [['conformance', 'wrong'], ['nobody', 'conformance-pw']] as const) {
      await assert.rejects(connect(url, { username, password }), (err: Error & { code?: number }) => {
        assert.equal(err.code, 4, `${username}: ${err.message}`);
        return true;
      });
    }
  });

  test('ACL: subscribing to a denied topic gets the SUBACK failure code 0x80; others are granted', async () => {
    const client = await connect(broker.urls[0]!);
    // MQTT.js rejects a SUBACK holding a failure code; the packet rides on the error.
    const suback = await within(DEADLINE, 'suback', client.subscribeAsync({ 'test/nosubscribe': { qos: 1 }, [`e2e/${RUN}/ok`]: { qos: 1 } })
      .then(() => assert.fail('a denied subscription must not be granted'), (err: { packet?: { granted?: number[] } }) => err.packet));
    assert.deepEqual(suback?.granted, [0x80, 1]);
  });
});

describe('broker CLI start-up errors and anonymous refusal', () => {
  test('a bad config file: exit 2, the key and the fix named', async () => {
    const result = await runCli(['broker', '--config', join(FIXTURES, 'configs/bad-limits.json')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /config\.limits\.maxInflight: expected a positive integer up to 65535, got "ten"/);
    assert.equal(result.stdout, '');
  });

  test('an unknown key: exit 2 with the known keys listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-cfg-'));
    writeFileSync(join(dir, 'broker.json'), JSON.stringify({ limits: { maxInflght: 3 } }));
    const result = await runCli(['broker', '--config', join(dir, 'broker.json')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /config\.limits\.maxInflght: unknown key; known keys: maxPacketSize, maxInflight/);
  });

  test('a bad flag or a bad flag value: exit 2 with the flag named', async () => {
    const unknown = await runCli(['broker', '--prot', '1883']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--prot: unknown flag; known flags: --config, --host, --port/);
    const badValue = await runCli(['broker', '--port', 'ten', '--memory']);
    assert.equal(badValue.code, 2);
    assert.match(badValue.stderr, /--port: expected a port number 0\.\.65535 \(0 = any free port\), got "ten"/);
  });

  test('a port already in use: exit 1 and says what to do', async () => {
    const first = await spawnBroker(['--port', '0', '--memory', '--log-level', 'error']);
    try {
      const result = await runCli(['broker', '--port', portOf(first.urls[0]!), '--memory']);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /address already in use; choose another port/);
    } finally {
      assert.equal((await first.stop('SIGINT')).code, 0, 'SIGINT → exit 0');
    }
  });

  test('anonymous refused: no credentials → CONNACK 5, a valid user still connects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-anon-'));
    const config = JSON.parse(readFileSync(join(FIXTURES, 'configs/auth.json'), 'utf8')) as { auth: Record<string, unknown> };
    config.auth.allowAnonymous = false;
    config.auth.usersFile = join(FIXTURES, 'configs/users.json');
    writeFileSync(join(dir, 'broker.json'), JSON.stringify(config));
    const b = await spawnBroker(['--config', join(dir, 'broker.json'), '--log-level', 'debug']);
    try {
      await assert.rejects(connect(b.urls[0]!), (err: Error & { code?: number }) => err.code === 5);
      await assert.rejects(connect(b.urls[0]!, { username: 'second', password: 'a-wrong-secret' }), (err: Error & { code?: number }) => err.code === 4);
      const ok = await connect(b.urls[0]!, { username: 'second', password: 'second-pw' });
      await ok.endAsync();
    } finally {
      assert.equal((await b.stop()).code, 0);
    }
    // Logs: JSON lines with time, level and event on stderr; passwords never appear in them.
    const lines = b.stderr().split('\n').filter((l) => l !== '');
    assert.ok(lines.length > 0);
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof record.t, 'string');
      assert.match(String(record.level), /^(debug|info|warn|error)$/);
      assert.equal(typeof record.event, 'string');
    }
    assert.ok(!b.stderr().includes('a-wrong-secret') && !b.stderr().includes('second-pw'), 'no password in the logs');
  });
});
