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

test('compare: one column per report, one row per statement and scenario', async () => {
  const { renderCompare } = await import('./compare-table.ts');
  const mk = (profile: string, status: ScenarioStatus) => ({
    schemaVersion: 1 as const, generator: 'g', startedAt: '', durationMs: 0, statementsOmitted: 0,
    target: { urls: [`mqtt://${profile}:1883`], profile, protocolVersions: ['3.1.1'] },
    totals: { scenarios: 1, passed: status === 'passed' ? 1 : 0, failed: status === 'failed' ? 1 : 0, notApplicable: 0, requiredFailed: 0 },
    statementTotals: { statements: 1, passed: 0, failed: 0, notApplicable: 0, notCovered: 0, untestable: 0 },
    scenarios: run([['s', status]]).scenarios,
    statements: [{ id: 'MQTT-3.1.0-2', version: '3.1.1', side: 'S' as const, status, scenarios: ['s'] }],
  });
  const md = renderCompare([{ file: 'a.json', report: mk('alpha', 'passed') }, { file: 'b.json', report: mk('beta', 'failed') }]);
  assert.match(md, /\| Statement \| alpha \(mqtt:\/\/alpha:1883\) \| beta \(mqtt:\/\/beta:1883\) \|/);
  assert.match(md, /\| MQTT-3\.1\.0-2 \| ✅ pass \| ❌ fail \|/);
  assert.match(md, /\| features\/01-a\/a\.feature::s \| ✅ pass \| ❌ fail \|/);
  assert.match(md, /\| Scenarios \| 1 pass \/ 0 fail \/ 0 n\/a \| 0 pass \/ 1 fail \/ 0 n\/a \|/);
});

test('exact: a @timing scenario failed in the baseline and passing now is reported, not a difference; the reverse is a regression', () => {
  const timed = (status: ScenarioStatus): { scenarios: ScenarioResult[] } => {
    const r = run([['late close', status]]);
    r.scenarios[0]!.tags = ['@timing'];
    return r;
  };
  const lucky = compareWithBaseline(timed('failed'), timed('passed'), true);
  assert.equal(lucky.exitCode, 0);
  assert.deepEqual(lucky.timingPasses.map((x) => x.key), ['features/01-a/a.feature::late close']);
  assert.equal(compareWithBaseline(timed('passed'), timed('failed'), true).exitCode, 1);
  // Without the tag the same flip is a difference.
  assert.equal(compareWithBaseline(run([['late close', 'failed']]), run([['late close', 'passed']]), true).exitCode, 1);
});
