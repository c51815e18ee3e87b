// The verdicts of the negative controls, on hand-made reports shaped like conformance.json with
// issue 7's attribution fields: one test per rule of the causal judge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeCleanRun, judgeFaultRun, judgeProbeRun, requiredCitedStatements } from './judge.ts';
import type { ReportedScenario, ReportedStatement, SuiteRun } from './run-suite.ts';

const FEATURE = 'features/x.feature';

function run(scenarios: ReportedScenario[], statements: ReportedStatement[] = []): SuiteRun {
  const failed = scenarios.filter((s) => s.status === 'failed').length;
  return {
    exitCode: failed > 0 ? 1 : 0,
    durationMs: 1,
    out: '/tmp/x',
    output: '',
    report: {
      totals: { scenarios: scenarios.length, passed: scenarios.length - failed, failed, notApplicable: 0, requiredFailed: failed },
      scenarios,
      statements,
    },
  };
}

function scenario(name: string, status: ReportedScenario['status'], statements: string[], extra: Partial<ReportedScenario> = {}): ReportedScenario {
  return { name, feature: FEATURE, status, statements, durationMs: 1, versions: ['3.1.1'], optional: false, tags: [], ...extra };
}

function statement(id: string, status: ReportedStatement['status'], extra: Partial<ReportedStatement> = {}): ReportedStatement {
  return { id, version: '3.1.1', side: 'S', status, scenarios: [], ...extra };
}

const failure = (scenarioName: string, step: string, optional?: boolean) => ({
  scenario: scenarioName, feature: FEATURE, step, message: 'expected CONNACK', ...(optional === undefined ? {} : { optional }),
});

const facts = { timesApplied: 3, faultRules: ['MQTT-1', 'MQTT-2'] };
const row = { fault: 'f', statements: ['MQTT-1'] };

test('holds when the statement failed by its own assertion in a required scenario; a bystander passed', () => {
  const r = run(
    [scenario('a', 'failed', ['MQTT-1'], { failedStep: { text: 'Then x [MQTT-1]', statements: ['MQTT-1'] } }), scenario('by', 'passed', ['MQTT-7'])],
    [statement('MQTT-1', 'failed', { failures: [failure('a', 'Then x [MQTT-1]')] }), statement('MQTT-7', 'passed')],
  );
  assert.deepEqual(judgeFaultRun(row, r, facts), { problems: [], warnings: [], killed: ['MQTT-1'] });
});

test('(a) a fault that never acted is a problem even when the statement failed', () => {
  const r = run([scenario('a', 'failed', ['MQTT-1'])], [statement('MQTT-1', 'failed', { failures: [failure('a', 'Then x')] })]);
  const verdict = judgeFaultRun(row, r, { ...facts, timesApplied: 0 });
  assert.equal(verdict.problems.length, 1);
  assert.match(verdict.problems[0] ?? '', /never acted during the run \(timesApplied 0\)/);
});

test('(b) not reached: the scenario broke on another statement first, so the statement is not killed', () => {
  const r = run(
    [scenario('a', 'failed', ['MQTT-1', 'MQTT-2'], { failedStep: { text: 'Then y [MQTT-2]', statements: ['MQTT-2'] } })],
    [statement('MQTT-1', 'not-reached', { notReached: ['a'] }), statement('MQTT-2', 'failed', { failures: [failure('a', 'Then y [MQTT-2]')] })],
  );
  const verdict = judgeFaultRun(row, r, facts);
  assert.deepEqual(verdict.killed, []);
  assert.equal(verdict.problems.length, 1);
  assert.match(verdict.problems[0] ?? '', /MQTT-1 not reached: .*"a" broke at "Then y \[MQTT-2\]" \(MQTT-2\)/);
});

test('(b) a failure only in an @optional scenario does not kill a statement', () => {
  const r = run(
    [scenario('opt', 'failed', ['MQTT-1'], { optional: true }), scenario('req', 'passed', ['MQTT-1'])],
    [statement('MQTT-1', 'failed', { optional: true, failures: [failure('opt', 'Then x', true)] })],
  );
  const verdict = judgeFaultRun(row, r, facts);
  assert.deepEqual(verdict.killed, []);
  assert.match(verdict.problems[0] ?? '', /MQTT-1 failed only in @optional scenarios \("opt"\)/);
});

test('(b) "failed" without failures[] naming an assertion step is not proof', () => {
  const r = run([scenario('a', 'failed', ['MQTT-1'])], [statement('MQTT-1', 'failed')]);
  const verdict = judgeFaultRun(row, r, facts);
  assert.deepEqual(verdict.killed, []);
  assert.match(verdict.problems[0] ?? '', /no failure names an assertion step of it/);
});

test('(b) a statement that passed is not detected; one no scenario cites asks for a scenario', () => {
  const r = run([scenario('a', 'passed', ['MQTT-1'])], [statement('MQTT-1', 'passed')]);
  const verdict = judgeFaultRun({ fault: 'f', statements: ['MQTT-1', 'MQTT-9'] }, r, facts);
  assert.equal(verdict.problems.length, 2);
  assert.match(verdict.problems[0] ?? '', /MQTT-1 not detected \(statement passed; scenarios: "a" passed; the fault acted 3 times\)/);
  assert.match(verdict.problems[1] ?? '', /no scenario cites MQTT-9: add a scenario tagged @MQTT-9/);
});

test('(c) a bystander citing none of the fault\'s statements must pass', () => {
  const r = run(
    [
      scenario('a', 'failed', ['MQTT-1']),
      scenario('by', 'failed', ['MQTT-7'], { message: 'no PUBLISH within 2000 ms\nmore', failedStep: { text: 'Then z', statements: ['MQTT-7'] } }),
    ],
    [statement('MQTT-1', 'failed', { failures: [failure('a', 'Then x')] })],
  );
  const verdict = judgeFaultRun(row, r, facts);
  assert.deepEqual(verdict.killed, ['MQTT-1']);
  assert.equal(verdict.problems.length, 1);
  assert.match(verdict.problems[0] ?? '', /bystander "by" broke at "Then z" \(MQTT-7\) in features\/x.feature failed, .*: no PUBLISH within 2000 ms$/);
});

test('(c) a statement the fault does not claim, reported failed, is a stray failure', () => {
  const r = run(
    [scenario('a', 'failed', ['MQTT-1', 'MQTT-8'])],
    [statement('MQTT-1', 'failed', { failures: [failure('a', 'Then x')] }), statement('MQTT-8', 'failed', { failures: [failure('a', 'Then w [MQTT-8]')] })],
  );
  const verdict = judgeFaultRun(row, r, facts);
  assert.deepEqual(verdict.killed, ['MQTT-1']);
  assert.deepEqual(verdict.problems, ['fault f: MQTT-8 was reported failed ("Then w [MQTT-8]" in "a"), a statement the fault does not claim to break']);
  assert.deepEqual(verdict.warnings, []);
});

test('(c) another statement of the same fault failing in the run is no stray failure', () => {
  const r = run(
    [scenario('a', 'failed', ['MQTT-1', 'MQTT-2'])],
    [statement('MQTT-1', 'failed', { failures: [failure('a', 'Then x')] }), statement('MQTT-2', 'failed', { failures: [failure('a', 'Then y')] })],
  );
  assert.deepEqual(judgeFaultRun(row, r, facts).problems, []);
});

test('(c) an unclaimed statement failed at a step that also asserts a claimed one is a warning (coarse attribution)', () => {
  const r = run(
    [scenario('a', 'failed', ['MQTT-1', 'MQTT-8'], { failedStep: { text: 'Then x', statements: ['MQTT-1', 'MQTT-8'] } })],
    [statement('MQTT-1', 'failed', { failures: [failure('a', 'Then x')] }), statement('MQTT-8', 'failed', { failures: [failure('a', 'Then x')] })],
  );
  const verdict = judgeFaultRun(row, r, facts);
  assert.deepEqual(verdict.problems, []);
  assert.deepEqual(verdict.warnings, ['fault f: MQTT-8 failed too, at "Then x" in "a", which also asserts MQTT-1']);
});

test('probe: each probed scenario must fail at one of its probed steps', () => {
  const probed = [
    { uri: FEATURE, name: 'at silence', steps: ['Then b receives no message'] },
    { uri: FEATURE, name: 'earlier', steps: ['Then b receives no message'] },
    { uri: FEATURE, name: 'passes', steps: ['Then c receives no message'] },
    { uri: FEATURE, name: 'not in the run', steps: ['Then d receives no message'] },
  ];
  const r = run([
    scenario('at silence', 'failed', ['MQTT-1'], { failedStep: { text: 'Then b receives no message', statements: ['MQTT-1'] } }),
    scenario('earlier', 'failed', ['MQTT-1'], { failedStep: { text: 'Given b is connected', statements: [] } }),
    scenario('passes', 'passed', ['MQTT-1']),
  ]);
  const problems = judgeProbeRun({ fault: 'p', statements: ['MQTT-1'] }, r, 2, probed);
  assert.deepEqual(problems, [
    'probe p: "earlier" (features/x.feature) failed at "Given b is connected" instead; it must fail at "Then b receives no message"',
    'probe p: "passes" (features/x.feature) passed; it must fail at "Then c receives no message"',
  ]);
  assert.match(judgeProbeRun({ fault: 'p', statements: ['MQTT-1'] }, r, 0, probed)[0] ?? '', /never acted/);
});

test('a run without a report means no scenario matched', () => {
  const verdict = judgeFaultRun({ fault: 'f', statements: ['MQTT-3'] }, { exitCode: 2, durationMs: 1, out: '', output: '', report: undefined }, facts);
  assert.match(verdict.problems[0] ?? '', /no scenario cites MQTT-3/);
});

test('the clean control fails on any failed scenario, naming it', () => {
  assert.deepEqual(judgeCleanRun(run([scenario('a', 'passed', []), scenario('n', 'not-applicable', [])])), []);
  assert.match(judgeCleanRun(run([scenario('bad', 'failed', [])]))[0] ?? '', /"bad" .* failed through pass-through/);
  assert.deepEqual(judgeCleanRun(run([])), ['clean control: no scenario ran']);
});

test('required cited statements: optional assertions do not count; client-only (C) ids, absent from statements[], are set apart', () => {
  const r = run([
    scenario('a', 'passed', ['MQTT-1', 'MQTT-2'], { statementResults: [{ id: 'MQTT-1', status: 'passed', optional: false }, { id: 'MQTT-2', status: 'passed', optional: false }] }),
    scenario('o', 'passed', ['MQTT-3'], { optional: true, statementResults: [{ id: 'MQTT-3', status: 'passed', optional: true }] }),
    scenario('legacy', 'passed', ['MQTT-4', 'MQTT-C']),
  ], ['MQTT-1', 'MQTT-2', 'MQTT-3', 'MQTT-4'].map((id) => statement(id, 'passed')));
  assert.deepEqual(requiredCitedStatements(r.report!), { cited: ['MQTT-1', 'MQTT-2', 'MQTT-4'], clientOnly: ['MQTT-C'] });
});

test('(c) a bystander broken at a precondition is a warning: none of its statements is reported failed', () => {
  const r = run(
    [scenario('a', 'failed', ['MQTT-1']), scenario('pre', 'failed', ['MQTT-7'], { failedStep: { text: 'Given x subscribes', statements: [] } })],
    [statement('MQTT-1', 'failed', { failures: [failure('a', 'Then x')] }), statement('MQTT-7', 'not-reached', { notReached: ['pre'] })],
  );
  const verdict = judgeFaultRun(row, r, facts);
  assert.deepEqual(verdict.problems, []);
  assert.match(verdict.warnings[0] ?? '', /bystander "pre" broke at "Given x subscribes" .*a precondition: its statements are not reached/);
});

test('(c) a known suite gap turns a bystander\'s false failure into a warning carrying the reason', () => {
  const r = run(
    [scenario('a', 'failed', ['MQTT-1']), scenario('by', 'failed', ['MQTT-7'], { failedStep: { text: 'Then y', statements: ['MQTT-7'] } })],
    [statement('MQTT-1', 'failed', { failures: [failure('a', 'Then x')] }), statement('MQTT-7', 'failed', { failures: [failure('by', 'Then y')] })],
  );
  const verdict = judgeFaultRun(row, r, { ...facts, suiteGaps: { 'MQTT-7': 'the step checks MQTT-1 too' } });
  assert.deepEqual(verdict.problems, []);
  assert.match(verdict.warnings[0] ?? '', /known suite gap: the step checks MQTT-1 too/);
  assert.equal(judgeFaultRun(row, r, facts).problems.length, 1, 'without the gap it is a problem');
});
