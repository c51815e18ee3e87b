import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConformanceReport, ScenarioResult } from '../harness/report/types.ts';
import { tallyMarkdown, tallyRuns } from './flake-tally.ts';

const scenario = (name: string, line: number, status: ScenarioResult['status'], message?: string): ScenarioResult => ({
  name, feature: 'features/07-keepalive/keepalive-timeout.feature', line, status, statements: ['MQTT-3.1.2-24'], durationMs: 1,
  versions: ['3.1.1'], optional: false, tags: ['@timing'], ...(message !== undefined ? { message } : {}),
});
const report = (scenarios: ScenarioResult[]): ConformanceReport => ({ scenarios } as unknown as ConformanceReport);

test('pass counts per scenario over runs; a scenario whose status changes is flaky; failure messages counted by first line', () => {
  const tally = tallyRuns([
    report([scenario('1 s', 11, 'failed', 'still open after 2001 ms\ntrace…'), scenario('2 s', 16, 'passed')]),
    report([scenario('1 s', 11, 'passed'), scenario('2 s', 16, 'passed')]),
    report([scenario('1 s', 11, 'failed', 'still open after 2013 ms'), scenario('2 s', 16, 'passed')]),
  ]);
  assert.equal(tally.runs, 3);
  const one = tally.scenarios.find((t) => t.line === 11)!;
  assert.deepEqual([one.passed, one.failed, one.notApplicable], [1, 2, 0]);
  assert.deepEqual(one.failures, [{ message: 'still open after 2001–2013 ms', count: 2 }]);
  assert.deepEqual(tally.flaky, ['features/07-keepalive/keepalive-timeout.feature:11']);
  assert.deepEqual(tally.verdicts.map((v) => v.failed), [1, 0, 1]);
  assert.match(tallyMarkdown(tally, 'mosquitto'), /\| 1 s \(features\/07-keepalive\/keepalive-timeout\.feature:11\) \| 1\/3 \| 2 \| 0 \|/);
});

test('the same statuses every run: nothing flaky', () => {
  const run = report([scenario('1 s', 11, 'failed', 'late'), scenario('2 s', 16, 'not-applicable')]);
  assert.deepEqual(tallyRuns([run, run, run]).flaky, []);
});
