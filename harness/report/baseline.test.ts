import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineVerdict, compareWithBaseline, formatComparison, loadBaseline, scenarioKeys } from './baseline.ts';
import { scenarioTotals } from './build-report.ts';
import type { ConformanceReport } from './types.ts';
import type { ScenarioResult, ScenarioStatus } from './types.ts';

const run = (entries: [string, ScenarioStatus][]): { scenarios: ScenarioResult[] } => ({
  scenarios: entries.map(([name, status]) => ({ name, feature: 'features/01-a/a.feature', status, statements: [], durationMs: 0, versions: [], optional: false, tags: [] })),
});

const fullReport = (): ConformanceReport => ({
  schemaVersion: 1, generator: 'g', startedAt: '', durationMs: 0, statementsOmitted: 0,
  target: { urls: ['mqtt://x:1883'], profile: 'p', protocolVersions: ['3.1.1'] },
  totals: { scenarios: 0, passed: 0, failed: 0, notApplicable: 0, requiredFailed: 0 },
  statementTotals: { statements: 0, passed: 0, failed: 0, notApplicable: 0, notCovered: 0, untestable: 0 },
  scenarios: [], statements: [],
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
  assert.deepEqual(lucky.flaky.map((x) => x.key), ['features/01-a/a.feature::late close']);
  assert.equal(compareWithBaseline(timed('passed'), timed('failed'), true).exitCode, 1);
  // Without the tag the same flip is a difference.
  assert.equal(compareWithBaseline(run([['late close', 'failed']]), run([['late close', 'passed']]), true).exitCode, 1);
});

const flaggedRun = (status: ScenarioStatus, extra: Partial<ScenarioResult>): { scenarios: ScenarioResult[] } => {
  const r = run([['keep alive', status]]);
  Object.assign(r.scenarios[0]!, { tags: ['@timing'], ...extra });
  return r;
};

test('a scenario the baseline marks flaky (flaky: true, or 0 < passRate < 1) flips either way without failing either gate', () => {
  for (const extra of [{ flaky: true }, { passRate: 0.85, runs: 20 }]) {
    for (const [before, after] of [['passed', 'failed'], ['failed', 'passed']] as const) {
      for (const exact of [false, true]) {
        const c = compareWithBaseline(flaggedRun(before, extra), flaggedRun(after, {}), exact);
        assert.equal(c.exitCode, 0, `${JSON.stringify(extra)} ${before}→${after} exact=${exact}`);
        assert.equal(c.flaky.length, 1);
        assert.equal(c.regressions.length + c.improvements.length + c.others.length, 0);
      }
    }
  }
  // Always passed in 20 runs, or unmarked: a @timing scenario failing now is a regression.
  assert.equal(compareWithBaseline(flaggedRun('passed', { passRate: 1, runs: 20 }), flaggedRun('failed', {}), false).exitCode, 1);
  assert.equal(compareWithBaseline(flaggedRun('passed', {}), flaggedRun('failed', {}), false).regressions.length, 1);
  // Flaky does not excuse other differences: passed → not-applicable still fails the exact gate.
  assert.equal(compareWithBaseline(flaggedRun('passed', { flaky: true }), flaggedRun('not-applicable', {}), true).exitCode, 1);
});

test('mergeIntoBaseline counts runs and pass rate; flaky once seen both ways; a rerun against that baseline passes', async () => {
  const { mergeIntoBaseline } = await import('./baseline.ts');
  const asReport = (r: { scenarios: ScenarioResult[] }) => ({ ...fullReport(), scenarios: r.scenarios });
  const statuses: ScenarioStatus[] = ['passed', 'passed', 'failed', 'passed'];
  let baseline: ReturnType<typeof mergeIntoBaseline> | undefined;
  for (const status of statuses) baseline = mergeIntoBaseline(baseline, asReport(flaggedRun(status, {})));
  const merged = baseline?.scenarios[0];
  assert.deepEqual([merged?.runs, merged?.passRate, merged?.flaky], [4, 0.75, true]);
  assert.equal(compareWithBaseline(baseline!, flaggedRun('failed', {}), true).exitCode, 0);
  assert.equal(compareWithBaseline(baseline!, flaggedRun('passed', {}), true).exitCode, 0);
  // Steady results stay unflagged; not-applicable runs are not counted.
  let steady: ReturnType<typeof mergeIntoBaseline> | undefined;
  for (const status of ['passed', 'not-applicable', 'passed'] as ScenarioStatus[]) steady = mergeIntoBaseline(steady, asReport(flaggedRun(status, {})));
  assert.deepEqual([steady?.scenarios[0]?.runs, steady?.scenarios[0]?.passRate, steady?.scenarios[0]?.flaky], [2, 1, undefined]);
  // A baseline written by the old code (no runs): its status counts as one run.
  const old = mergeIntoBaseline(flaggedRun('failed', {}), asReport(flaggedRun('passed', {})));
  assert.deepEqual([old.scenarios[0]?.runs, old.scenarios[0]?.passRate, old.scenarios[0]?.flaky], [2, 0.5, true]);
});

test('baselines written by the old code load; a rerun with the same statuses passes, a @timing lucky pass is flaky', async () => {
  const { REPO_ROOT } = await import('../target/paths.ts');
  for (const name of ['mosquitto', 'aedes']) {
    const file = `${REPO_ROOT}/fixtures/baselines/${name}.json`;
    const baseline = loadBaseline(file);
    assert.ok(baseline.scenarios.length > 200);
    const same = compareWithBaseline(baseline, structuredClone(baseline), true);
    assert.equal(same.exitCode, 0);
    assert.deepEqual(formatComparison(same, true), ['Same statuses as the baseline.']);
    const rerun = structuredClone(baseline);
    const timed = rerun.scenarios.find((s) => s.tags.includes('@timing') && s.status === 'failed');
    if (name === 'mosquitto') assert.ok(timed !== undefined, 'the Mosquitto baseline has a failing @timing scenario');
    if (timed === undefined) continue;
    timed.status = 'passed';
    const c = compareWithBaseline(baseline, rerun, true);
    const v = baselineVerdict(file, c, true);
    assert.equal(v.verdict, 'pass');
    assert.equal(v.flaky.length, 1);
    assert.match(v.flaky[0] ?? '', / \(failed → passed\)$/);
  }
});

test('loadBaseline says what is wrong with a bad file', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-baseline-'));
  const write = (name: string, body: unknown): string => { const f = join(dir, name); writeFileSync(f, JSON.stringify(body)); return f; };
  assert.throws(() => loadBaseline(write('v.json', { schemaVersion: 2, scenarios: [] })), /schemaVersion must be 1 \(got 2\)/);
  assert.throws(() => loadBaseline(write('s.json', { schemaVersion: 1 })), /no scenarios\[\] array/);
  assert.throws(() => loadBaseline(write('r.json', { schemaVersion: 1, scenarios: [{ name: 'a', status: 'passed', passRate: 1.5 }] })),
    /scenarios\[0\]\.passRate must be a number from 0 to 1 \(got 1\.5\)/);
  assert.throws(() => loadBaseline(write('f.json', { schemaVersion: 1, scenarios: [{ name: 'a', status: 'passed', flaky: 'yes' }] })),
    /scenarios\[0\]\.flaky must be true or false/);
});

test('the verdict is in the report views: html box, summary.md, junit testsuite "baseline"', async () => {
  const { renderHtml } = await import('./html.ts');
  const { renderSummary } = await import('./summary-md.ts');
  const { renderJunit } = await import('./junit.ts');
  const { baselineLines } = await import('./console-summary.ts');
  const before = run([['regresses', 'passed'], ['fixes', 'failed']]);
  before.scenarios.push(...flaggedRun('passed', { flaky: true }).scenarios);
  const after = run([['regresses', 'failed'], ['fixes', 'passed']]);
  after.scenarios.push(...flaggedRun('failed', {}).scenarios);
  const verdict = baselineVerdict('fixtures/baselines/x.json', compareWithBaseline(before, after, false), false);
  assert.deepEqual(verdict, {
    file: 'fixtures/baselines/x.json', exact: false, verdict: 'regressed',
    newFailures: ['features/01-a/a.feature::regresses'], fixed: ['features/01-a/a.feature::fixes'],
    flaky: ['features/01-a/a.feature::keep alive (passed → failed)'], other: [],
  });
  const report = { ...fullReport(), totals: scenarioTotals(after.scenarios), scenarios: after.scenarios, baseline: verdict };
  assert.match(renderHtml(report), /id="baseline"><b>Baseline fixtures\/baselines\/x\.json: REGRESSED<\/b> — 1 new failure\(s\), 1 fixed, 1 flaky/);
  assert.match(renderHtml(report), /<details open><summary><b>New failures \(1\)<\/b><\/summary><ul><li><code>features\/01-a\/a\.feature::regresses<\/code>/);
  assert.match(renderHtml(report), /<details><summary><b>Fixed \(1\)<\/b>/);
  assert.match(renderSummary(report), /\*\*Baseline\*\* `fixtures\/baselines\/x\.json`: ❌ regressed — 1 new failure\(s\), 1 fixed, 1 flaky[\s\S]*New failures:\n\n- `features\/01-a\/a\.feature::regresses`/);
  const xml = renderJunit(report);
  assert.match(xml, /<testsuite name="baseline" tests="1" failures="1"[\s\S]*<property name="baseline.verdict" value="regressed"\/>[\s\S]*<failure message="regressed: 1 new failure\(s\)" type="baseline">New failures:\n {2}features\/01-a\/a\.feature::regresses/);
  assert.match(xml, /<testsuites [^>]*tests="4" failures="3"/);
  assert.deepEqual(baselineLines(verdict).slice(0, 3), [
    'Baseline fixtures/baselines/x.json: REGRESSED — 1 new failure(s), 1 fixed, 1 flaky, 0 other difference(s)',
    '  New failures (1):', '    features/01-a/a.feature::regresses',
  ]);
});
