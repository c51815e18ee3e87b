// The verdicts of the negative controls, on hand-made reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeCleanRun, judgeFaultRun } from './judge.ts';
import type { ReportedScenario, SuiteRun } from './run-suite.ts';

function run(scenarios: ReportedScenario[], statements: { id: string; status: string }[] = []): SuiteRun {
  const failed = scenarios.filter((s) => s.status === 'failed').length;
  return {
    exitCode: failed > 0 ? 1 : 0,
    durationMs: 1,
    out: '/tmp/x',
    output: '',
    report: {
      totals: { scenarios: scenarios.length, passed: scenarios.length - failed, failed, notApplicable: 0 },
      scenarios,
      statements: statements.map((s) => ({ ...s, scenarios: [] })),
    },
  };
}

const scenario = (name: string, status: ReportedScenario['status'], statements: string[]): ReportedScenario => ({ name, feature: 'features/x.feature', status, statements });

test('a fault control holds when every expected statement has a failed scenario', () => {
  const r = run([scenario('a', 'failed', ['MQTT-1']), scenario('b', 'passed', ['MQTT-1']), scenario('c', 'failed', ['MQTT-2'])], [
    { id: 'MQTT-1', status: 'failed' },
    { id: 'MQTT-2', status: 'failed' },
  ]);
  assert.deepEqual(judgeFaultRun({ fault: 'f', statements: ['MQTT-1', 'MQTT-2'] }, r), []);
});

test('a fault control names the statement no scenario cites and the one not detected', () => {
  const r = run([scenario('a', 'passed', ['MQTT-1'])], [{ id: 'MQTT-1', status: 'passed' }]);
  const problems = judgeFaultRun({ fault: 'f', statements: ['MQTT-1', 'MQTT-9'] }, r, 0);
  assert.equal(problems.length, 2);
  assert.match(problems[0] ?? '', /MQTT-1 not detected .*"a" passed; the fault acted 0 times/);
  assert.match(problems[1] ?? '', /no scenario cites MQTT-9: add a scenario tagged @MQTT-9/);
});

test('a run without a report means no scenario matched', () => {
  const problems = judgeFaultRun({ fault: 'f', statements: ['MQTT-3'] }, { exitCode: 2, durationMs: 1, out: '', output: '', report: undefined });
  assert.match(problems[0] ?? '', /no scenario cites MQTT-3/);
});

test('the clean control fails on any failed scenario, naming it', () => {
  assert.deepEqual(judgeCleanRun(run([scenario('a', 'passed', []), scenario('n', 'not-applicable', [])])), []);
  assert.match(judgeCleanRun(run([scenario('bad', 'failed', [])]))[0] ?? '', /"bad" .* failed through pass-through/);
  assert.deepEqual(judgeCleanRun(run([])), ['clean control: no scenario ran']);
});
