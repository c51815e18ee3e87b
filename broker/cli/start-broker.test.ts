// startBroker/brokerMain in-process against a fake core: wiring, stdout contract, stop order, failure paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { BrokerHandle, BrokerOptions, ConnectionMeta } from '../core/contracts.ts';
import { validateConfig } from '../config/validate.ts';
import { SilentLogger } from '../log/json-logger.ts';
import { MemoryPersistence } from '../persistence/index.ts';
import { brokerMain } from './broker-main.ts';
import { startBroker } from './start-broker.ts';

class FakeCore implements BrokerHandle {
  readonly events: string[] = [];
  options: BrokerOptions | undefined;
  failStart = false;
  get connectionCount(): number { return 0; }
  async start(): Promise<void> {
    this.events.push('start');
    if (this.failStart) throw new Error('disk on fire');
  }
  handle(stream: Duplex, meta: ConnectionMeta): void {
    this.events.push(`handle:${meta.transport}`);
    stream.end(Buffer.from([0x20, 0x02, 0x00, 0x00]));
  }
  async close(): Promise<void> { this.events.push('close'); }
}

const config = validateConfig({ listeners: [{ type: 'tcp', port: 0 }, { type: 'ws', port: 0 }], persistence: { kind: 'memory' }, limits: { maxInflight: 7 }, sys: { intervalMs: 0 } }, { baseDir: '/' });

test('startBroker passes config to the core, serves connections, stops in order', async () => {
  const core = new FakeCore();
  const running = await startBroker(config, { logger: new SilentLogger(), createBroker: (o) => { core.options = o; return core; } });
  assert.equal(core.options?.limits.maxInflight, 7);
  assert.equal(core.options?.sysIntervalMs, 0);
  assert.equal(core.options?.persistence.kind, 'memory');
  assert.equal(await core.options?.authorizer.authenticate('c', undefined, undefined), 'ok');
  assert.match(running.urls[0]!, /^mqtt:\/\/127\.0\.0\.1:\d+$/);
  assert.match(running.urls[1]!, /^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
  const socket = connect(running.listeners[0]!.port, '127.0.0.1');
  const reply = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
  assert.deepEqual(reply, Buffer.from([0x20, 0x02, 0x00, 0x00]));
  await running.stop();
  await running.stop();
  assert.deepEqual(core.events, ['start', 'handle:tcp', 'close']);
});

test('a core that cannot start: persistence closed again, error surfaces; brokerMain exits 1 with the reason', async () => {
  const persistence = new MemoryPersistence();
  const core = new FakeCore();
  core.failStart = true;
  await assert.rejects(startBroker(config, { logger: new SilentLogger(), persistence, createBroker: () => core }), /disk on fire/);
  await assert.rejects(persistence.load(), 'persistence closed after the failed start');
  const err: string[] = [];
  const out: string[] = [];
  const failing = new FakeCore();
  failing.failStart = true;
  const code = await brokerMain(['--port', '0', '--memory'], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), deps: { logger: new SilentLogger(), createBroker: () => failing } });
  assert.equal(code, 1);
  assert.match(err.join(''), /cannot start: disk on fire/);
  assert.deepEqual(out, []);
});

test('brokerMain prints listening lines then ready, and stops with exit 0 on abort', async () => {
  const out: string[] = [];
  const core = new FakeCore();
  const abort = new AbortController();
  const done = brokerMain(['--port', '0', '--memory'], {
    stdout: (t) => { out.push(t); if (t === 'ready\n') abort.abort(); },
    stderr: () => undefined, signal: abort.signal, deps: { logger: new SilentLogger(), createBroker: () => core },
  });
  assert.equal(await done, 0);
  assert.equal(out.length, 2);
  assert.match(out[0]!, /^listening mqtt:\/\/127\.0\.0\.1:\d+\n$/);
  assert.equal(out[1], 'ready\n');
  assert.deepEqual(core.events, ['start', 'close']);
});

test('brokerMain: --help and --version exit 0; bad flag exits 2', async () => {
  const out: string[] = [];
  assert.equal(await brokerMain(['--help'], { stdout: (t) => out.push(t) }), 0);
  assert.match(out.join(''), /--data DIR/);
  assert.equal(await brokerMain(['--version'], { stdout: (t) => out.push(t) }), 0);
  assert.match(out.at(-1)!, /^\d+\.\d+\.\d+\n$/);
  const err: string[] = [];
  assert.equal(await brokerMain(['--memory', '--data', 'x'], { stderr: (t) => err.push(t) }), 2);
  assert.match(err.join(''), /--memory: cannot be combined with --data/);
});

test('config.metrics starts a Prometheus endpoint beside the listeners (the real core)', async () => {
  const withMetrics = validateConfig({ listeners: [{ type: 'tcp', port: 0 }], persistence: { kind: 'memory' }, sys: { intervalMs: 0 }, metrics: { port: 0 } }, { baseDir: '/' });
  const running = await startBroker(withMetrics, { logger: new SilentLogger() });
  try {
    assert.match(running.metricsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(running.metricsUrl!);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^mqtt_connections /m);
  } finally {
    await running.stop();
  }
});
