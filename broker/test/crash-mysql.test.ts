// Crash safety of the broker CLI on MySQL (a private mariadbd): what was acknowledged survives SIGKILL
// of the broker, and survives SIGKILL of the database server mid-stream (nothing is acknowledged while
// it is gone; everything acknowledged is delivered once it is back).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectAsync } from 'mqtt';
import { spawnBroker } from '../cli/spawn-broker.ts';
import type { SpawnedBroker } from '../cli/spawn-broker.ts';
import { mariadbAvailable, startMariadb, type MariadbServer } from '../persistence/mysql/mariadb-server.ts';
import { ackedSurviveBrokerKill, base, connectCollecting, within } from './crash-helpers.ts';

const RUN = Math.random().toString(36).slice(2, 8);
// Killing the server needs one of our own: MQTT_TEST_MYSQL_URL is not used here.
const skip = !mariadbAvailable() || process.env.MQTT_TEST_MYSQL_URL ? 'needs a local mariadbd (Debian mariadb-server)' : false;
const server: MariadbServer | null = skip ? null : await startMariadb();
after(() => server?.stop());

test('2000 QoS 1 messages acknowledged before SIGKILL of the broker reach a persistent session after restart (MySQL)', { skip }, async (t) => {
  const db = await server!.createDatabase();
  try {
    const r = await ackedSurviveBrokerKill(['--port', '0', '--mysql', db.url, '--log-level', 'warn', '--sys-interval', '0'], { messages: 2000, tag: `mysql-${RUN}` });
    t.diagnostic(r.summary);
  } finally {
    await db.drop();
  }
});

/** A fixed observation window, for asserting that something does NOT happen during it. */
function windowOf(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when the broker's stderr has a line with `"event":"<event>"`. */
function logged(broker: SpawnedBroker, event: string, ms: number): Promise<void> {
  const needle = `"event":"${event}"`;
  return within(ms, `log event ${event}`, new Promise<void>((resolve) => {
    if (broker.stderr().includes(needle)) return resolve();
    const onData = (): void => {
      if (broker.stderr().includes(needle)) {
        broker.child.stderr!.off('data', onData);
        resolve();
      }
    };
    broker.child.stderr!.on('data', onData);
  }));
}

test('mariadbd SIGKILLed mid-stream: acknowledgements stop, resume after restart, every PUBACKed message is delivered', { skip }, async (t) => {
  const db = await server!.createDatabase();
  const messages = 3000;
  let broker: SpawnedBroker | undefined = await spawnBroker(['--port', '0', '--mysql', db.url, '--log-level', 'warn', '--sys-interval', '0']);
  try {
    const url = broker.urls[0]!;
    const topic = `outage/${RUN}`;
    const subId = `outage-${RUN}-sub`;
    const sub = await within(5000, 'subscriber connect', connectAsync(url, { ...base, clientId: subId, clean: false }));
    await sub.subscribeAsync(topic, { qos: 1 });
    await sub.endAsync();

    const pub = await within(5000, 'publisher connect', connectAsync(url, { ...base, clientId: `outage-${RUN}-pub` }));
    // A pipeline of 200 unacknowledged publishes, refilled on every PUBACK, so the stream is live when the server dies.
    const acked = new Set<number>();
    let killAt: () => void = () => undefined;
    const reachedKillPoint = new Promise<void>((resolve) => { killAt = resolve; });
    let allAcked: () => void = () => undefined;
    const acksDone = new Promise<void>((resolve) => { allAcked = resolve; });
    let next = 0;
    const publishNext = (): void => {
      const i = next++;
      if (i >= messages) return;
      void pub.publishAsync(topic, String(i), { qos: 1 }).then(() => {
        acked.add(i);
        if (acked.size === 500) killAt();
        if (acked.size === messages) allAcked();
        publishNext();
      });
    };
    for (let k = 0; k < 200; k++) publishNext();
    await within(30_000, '500 PUBACKs before the kill', reachedKillPoint);
    await server!.kill(); // SIGKILL by PID, mid-stream
    const ackedAtKill = acked.size;
    await logged(broker, 'mysql.unavailable', 30_000);
    // PUBACKs sent before the failure may still be in flight: let them land, then no PUBACK may come for a
    // whole window while the server is down (asserted absent over 500 ms).
    await windowOf(300);
    const ackedInOutage = acked.size;
    await windowOf(500);
    assert.equal(acked.size, ackedInOutage, 'nothing is acknowledged while the database is gone');
    assert.ok(ackedInOutage < messages, 'the stream was cut: not everything was acknowledged before the outage');
    const restartStarted = performance.now();
    await server!.restart();
    await within(60_000, `all ${messages} PUBACKs after the restart`, acksDone);
    await logged(broker, 'mysql.resumed', 10_000);
    const outageLines = broker.stderr().split('\n').filter((l) => l.includes('"event":"mysql.unavailable"'));
    assert.equal(outageLines.length, 1, 'the outage is logged once');
    pub.end(true);

    const back = await connectCollecting(url, { clientId: subId, clean: false });
    assert.equal(back.connack.sessionPresent, true);
    await back.waitFor(messages, 60_000);
    const unique = new Set(back.payloads);
    for (let i = 0; i < messages; i++) assert.ok(unique.has(String(i)), `PUBACKed message ${i} delivered`);
    const firstSeen = [...unique].map(Number);
    assert.deepEqual(firstSeen, [...firstSeen].sort((a, b) => a - b), 'in publish order');
    await back.client.endAsync();
    t.diagnostic(`acked at kill ${ackedAtKill}, during the outage ${ackedInOutage} (no change over 500 ms); mariadbd back in ${(performance.now() - restartStarted).toFixed(0)} ms; all ${messages} acked and delivered (${back.payloads.length - messages} duplicates)`);
    assert.equal((await broker.stop()).code, 0);
    broker = undefined;
  } finally {
    if (broker) await broker.stop('SIGKILL').catch(() => undefined);
    await db.drop();
  }
});
