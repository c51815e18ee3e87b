// Crash safety of the broker CLI on SQLite: what was acknowledged survives SIGKILL, and a malformed
// packet from one client harms neither another client mid-flow nor the stored data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { spawnBroker } from '../cli/spawn-broker.ts';
import type { SpawnedBroker } from '../cli/spawn-broker.ts';
import { ackedSurviveBrokerKill, base, connectCollecting, within } from './crash-helpers.ts';

const RUN = Math.random().toString(36).slice(2, 8);
const MESSAGES = 2000;

function withDataDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'crash-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test(`${MESSAGES} QoS 1 messages acknowledged before SIGKILL reach a persistent session after restart`, async (t) => {
  await withDataDir(async (dir) => {
    const r = await ackedSurviveBrokerKill(['--port', '0', '--data', dir, '--log-level', 'warn', '--sys-interval', '0'], { messages: MESSAGES, tag: `sqlite-${RUN}` });
    t.diagnostic(r.summary);
  });
});

test('negative control: the same check fails on a broker without durable storage (--memory)', async () => {
  // Proves the durability test can fail: with nothing on disk, SIGKILL loses the session and its messages.
  const args = ['--port', '0', '--memory', '--log-level', 'warn', '--sys-interval', '0'];
  let broker: SpawnedBroker | undefined = await spawnBroker(args);
  try {
    const topic = `crash/${RUN}/control`;
    const subId = `crash-${RUN}-control-sub`;
    const sub = await within(5000, 'subscriber connect', connectAsync(broker.urls[0]!, { ...base, clientId: subId, clean: false }));
    await sub.subscribeAsync(topic, { qos: 1 });
    await sub.endAsync();
    const pub = await within(5000, 'publisher connect', connectAsync(broker.urls[0]!, { ...base, clientId: `crash-${RUN}-control-pub` }));
    await Promise.all(Array.from({ length: 100 }, (_, i) => pub.publishAsync(topic, String(i), { qos: 1 })));
    broker.child.kill('SIGKILL');
    await broker.exited;
    pub.end(true);
    broker = await spawnBroker(args);
    const again = await connectCollecting(broker.urls[0]!, { clientId: subId, clean: false });
    assert.equal(again.connack.sessionPresent, false, 'the session is gone');
    await assert.rejects(again.waitFor(1, 300), /timed out/, 'and so are its messages');
    await again.client.endAsync();
  } finally {
    if (broker) assert.equal((await broker.stop()).code, 0);
  }
});

test('a malformed packet closes only its own connection; another client mid-flow and the stored data are unharmed', async () => {
  await withDataDir(async (dir) => {
    const args = ['--port', '0', '--data', dir, '--log-level', 'warn', '--sys-interval', '0'];
    let broker: SpawnedBroker | undefined = await spawnBroker(args);
    try {
      const url = broker.urls[0]!;
      const port = Number(new URL(url).port);
      const topic = `crash/${RUN}/flow`;
      const subId = `crash-${RUN}-flow-sub`;
      const count = 500;

      const sub = await connectCollecting(url, { clientId: subId, clean: false });
      await sub.client.subscribeAsync(topic, { qos: 1 });
      const pub = await within(5000, 'publisher', connectAsync(url, { ...base, clientId: `crash-${RUN}-flow-pub` }));
      await pub.publishAsync(`${topic}/retained`, 'kept', { qos: 1, retain: true });

      // A bad client: a valid CONNECT, then a PUBLISH whose remaining length runs over 4 bytes (malformed).
      const bad = netConnect(port, '127.0.0.1');
      const badClosed = new Promise<void>((resolve) => bad.once('close', () => resolve()));
      bad.on('error', () => undefined);
      const connectPacket = Buffer.from([0x10, 0x12, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x06, ...Buffer.from('badcli')]);
      bad.write(connectPacket);

      const acks: Promise<unknown>[] = [];
      for (let i = 0; i < count; i++) {
        acks.push(pub.publishAsync(topic, String(i), { qos: 1 }));
        if (i === count / 2) bad.write(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00])); // mid-flow
      }
      await within(30_000, 'bad client closed by the broker', badClosed);
      await within(30_000, `${count} PUBACKs`, Promise.all(acks));
      await sub.waitFor(count, 30_000);
      assert.deepEqual(sub.payloads.slice(0, count), Array.from({ length: count }, (_, i) => String(i)));
      assert.equal(pub.connected && sub.client.connected, true, 'both good clients still connected');

      const warnings = broker.stderr().split('\n').filter((l) => l.includes('"level":"warn"') || l.includes('"level":"error"'));
      assert.equal(warnings.length, 1, `the bad input is logged once:\n${warnings.join('\n')}`);
      assert.match(warnings[0]!, /malformed|protocol|remaining/i);

      await sub.client.endAsync();
      await pub.endAsync();
      assert.equal((await broker.stop('SIGTERM')).code, 0);
      broker = undefined;

      // Stored data intact: the session, its subscription and the retained message are back after a restart.
      broker = await spawnBroker(args);
      const back = await connectCollecting(broker.urls[0]!, { clientId: subId, clean: false });
      assert.equal(back.connack.sessionPresent, true);
      const pub2 = await within(5000, 'publisher after restart', connectAsync(broker.urls[0]!, { ...base, clientId: `crash-${RUN}-flow-pub2` }));
      await pub2.publishAsync(topic, 'after-restart', { qos: 1 });
      await back.waitFor(1, 5000);
      assert.equal(back.payloads[0], 'after-restart');
      const retainedReader = await connectCollecting(broker.urls[0]!, { clientId: `crash-${RUN}-flow-ret`, clean: true });
      await retainedReader.client.subscribeAsync(`${topic}/retained`, { qos: 1 });
      await retainedReader.waitFor(1, 5000);
      assert.equal(retainedReader.payloads[0], 'kept');
      await Promise.all([back.client.endAsync(), pub2.endAsync(), retainedReader.client.endAsync()]);
    } finally {
      if (broker) assert.equal((await broker.stop()).code, 0);
    }
  });
});
