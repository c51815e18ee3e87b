import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithBaseline, scenarioKeys } from './baseline.ts';
import type { ScenarioResult, ScenarioStatus } from './types.ts';

const run = (entries: [string, ScenarioStatus][]): { scenarios: ScenarioResult[] } => ({
  scenarios: entries.map(([name, status]) => ({ name, feature: 'features/01-a/a.feature', status, statements: [], durationMs: 0, versions: [], optional: false, tags: [] })),
});

test('keys are stable and distinguish repeated names', () => {
  assert.deepEqual(scenarioKeys(run([['x', 'passed'], ['x', 'passed'], ['y', 'passed']]).scenarios),
    ['features/01-a/a.feature::x', 'features/01-a/a.feature::x #2', 'features/01-a/a.feature::y']);
});

test('default: only passed → failed is a regression (exit 1); improvements and other changes are info', () => {
  const before = run([['keeps', 'passed'], ['regresses', 'passed'], ['improves', 'failed'], ['na-to-fail', 'not-applicable'], ['removed', 'passed']]);
  const after = run([['keeps', 'passed'], ['regresses', 'failed'], ['improves', 'passed'], ['na-to-fail', 'failed'], ['added', 'failed']]);
  const c = compareWithBaseline(before, after, false);
  assert.deepEqual(c.regressions.map((x) => x.key), ['features/01-a/a.feature::regresses']);
  assert.deepEqual(c.improvements.map((x) => x.key), ['features/01-a/a.feature::improves']);
  assert.deepEqual(c.others.map((x) => `${x.key.split('::')[1]} ${x.before}→${x.after}`).sort(),
    ['added absent→failed', 'na-to-fail not-applicable→failed', 'removed passed→absent']);
  assert.equal(c.exitCode, 1);
  assert.equal(compareWithBaseline(before, run([['keeps', 'passed'], ['regresses', 'passed'], ['improves', 'passed']]), false).exitCode, 0);
});

test('exact: any difference in either direction fails; identical statuses pass', () => {
  const before = run([['a', 'passed'], ['b', 'failed']]);
  assert.equal(compareWithBaseline(before, run([['a', 'passed'], ['b', 'passed']]), true).exitCode, 1);
  assert.equal(compareWithBaseline(before, run([['a', 'passed']]), true).exitCode, 1);
  assert.equal(compareWithBaseline(before, run([['a', 'passed'], ['b', 'failed']]), true).exitCode, 0);
});
