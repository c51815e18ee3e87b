// The short fuzz run for `npm test`: 15 s with a fixed seed against a freshly launched reference broker
// (SQLite in a temporary folder). Failures are saved to a temporary folder named in the message; to keep
// one as a regression, move its file to fuzz/corpus/failures/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBroker } from './broker-process.ts';
import { DEFAULTS, fuzzBroker } from './fuzz-broker.ts';
import { brokerSummary as summary } from './run.ts';
import { parseEndpoint } from './send.ts';
import { runSession } from './session.ts';

const SEED = 20261202;

test('15 s of mutated and random v3.1.1/v5 packets: the broker never exits, logs no error, loses no witness message', { timeout: 90_000 }, async () => {
  const failuresDir = mkdtempSync(join(tmpdir(), 'mqttc-fuzz-failures-'));
  const report = await fuzzBroker({ ...DEFAULTS, seconds: 15, seed: SEED, failuresDir });
  if (readdirSync(failuresDir).length === 0) rmdirSync(failuresDir);
  assert.deepEqual(report.problems.map((p) => `${p.check}: ${p.detail}`), [], summary(report));
  // the run must have done something for its silence to mean anything (thresholds far below the
  // ≈ 1,500 connections and ≈ 750 witness messages of an unloaded machine)
  assert.ok(report.stats !== null && report.stats.connections >= 200, summary(report));
  assert.ok(report.stats.closedByBroker >= 50, summary(report));
  assert.ok(report.witness !== null && report.witness.received >= 100, summary(report));
});

test('the checks see a broker that dies: a killed broker is reported as broker-exited and the run stops early', { timeout: 60_000 }, async () => {
  const broker = await launchBroker({ store: 'memory' });
  const started = performance.now();
  try {
    const result = await runSession(
      { endpoint: parseEndpoint(broker.url), broker, nonce: 'kill', witnessRate: 50, deadlineMs: 3000, now: () => performance.now() },
      async (ctx) => {
        process.kill(broker.pid, 'SIGKILL');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([ctx.abortedSignal, new Promise((resolve) => { timer = setTimeout(resolve, 20_000); })]);
        clearTimeout(timer);
        assert.equal(ctx.aborted, true);
      },
    );
    assert.deepEqual(result.problems.map((p) => p.check), ['broker-exited']);
    assert.match(result.problems[0]!.detail, /signal SIGKILL/);
    assert.ok(performance.now() - started < 15_000);
  } finally {
    await broker.stop();
  }
});
