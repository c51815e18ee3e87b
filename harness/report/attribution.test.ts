// Each attribution rule over crafted Cucumber envelopes (crafted-envelopes.ts builds them per scenario).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bracketIds } from './attribution.ts';
import { buildReport } from './build-report.ts';
import { collect } from './crafted-envelopes.ts';
import { parseSpecTsv } from './statements.ts';
import type { ConformanceReport, ScenarioResult } from './types.ts';

const SPEC = parseSpecTsv(['id\tside\ttext', ...['1', '2', '3', '4', '5', '6', '7'].map((n) => `MQTT-9.9.9-${n}\tS\tstatement ${n} MUST hold`)].join('\n'), '3.1.1');
const T = (n: number): string => `MQTT-9.9.9-${n}`;

function report(scenarios: ScenarioResult[]): ConformanceReport {
  return buildReport({
    target: { urls: ['mqtt://x'], profile: 'p', protocolVersions: ['3.1.1'] }, scenarios,
    startedAt: new Date(0), durationMs: 0, spec: SPEC, untestable: new Map(),
  });
}
const perScenario = (s: ScenarioResult | undefined): string[] => (s?.statementResults ?? []).map((r) => `${r.id.slice(-1)} ${r.status}`);
const statement = (r: ConformanceReport, n: number) => r.statements.find((s) => s.id === T(n));

test('bracket suffix: one or several ids, spelled as the tags; anything else is no suffix', () => {
  assert.deepEqual(bracketIds('the broker sends PUBACK [MQTT-3.3.4-1]'), ['MQTT-3.3.4-1']);
  assert.deepEqual(bracketIds('a refusal [MQTT-3.2.2-4, MQTT-3.2.2-5]'), ['MQTT-3.2.2-4', 'MQTT-3.2.2-5']);
  assert.deepEqual(bracketIds('a refusal [MQTT-3.2.2-4,MQTT-3.2.2-5]'), ['MQTT-3.2.2-4', 'MQTT-3.2.2-5']);
  assert.equal(bracketIds('a payload "[MQTT-3.3.4-1]" quoted'), undefined);
  assert.equal(bracketIds('no space before[MQTT-3.3.4-1]'), undefined);
  assert.equal(bracketIds('not an id [3.3.4-1]'), undefined);
});

test('a failing bracketed Then fails only its ids; the other tags are passed or not reached by step order', () => {
  const [s] = collect({
    name: 'connack then session', tags: ['@v3.1.1', `@${T(1)}`, `@${T(2)}`, `@${T(3)}`, `@${T(4)}`],
    steps: [
      ['Context', 'a connection', 'PASSED'],
      ['Outcome', `the broker answers CONNACK [${T(1)}]`, 'PASSED'],
      ['Outcome', `the return code is 2 [${T(2)}, ${T(3)}]`, 'FAILED', 'expected return code 2, got 0'],
      ['Outcome', `the session is absent [${T(4)}]`, 'SKIPPED'],
    ],
  });
  assert.equal(s?.status, 'failed');
  assert.deepEqual(perScenario(s), ['1 passed', '2 failed', '3 failed', '4 not-reached']);
  assert.deepEqual(s?.failedStep, { text: `the return code is 2 [${T(2)}, ${T(3)}]`, line: 13, statements: [T(2), T(3)] });
  assert.deepEqual(s?.steps?.map((x) => `${x.keyword} ${x.status}`), ['Given PASSED', 'Then PASSED', 'Then FAILED', 'Then SKIPPED']);
  const r = report([s as ScenarioResult]);
  assert.equal(statement(r, 1)?.status, 'passed');
  assert.equal(statement(r, 2)?.status, 'failed');
  assert.deepEqual(statement(r, 2)?.failures, [{
    scenario: 'connack then session', feature: 'features/09-crafted/crafted.feature', line: 13,
    step: `the return code is 2 [${T(2)}, ${T(3)}]`, message: 'expected return code 2, got 0',
  }]);
  assert.equal(statement(r, 4)?.status, 'not-reached');
  assert.deepEqual(statement(r, 4)?.notReached, ['connack then session']);
  assert.equal(statement(r, 4)?.failures, undefined);
  assert.deepEqual([r.statementTotals.failed, r.statementTotals.passed, r.statementTotals.notReached], [2, 1, 1]);
});

test('a failing Given: every statement of the scenario is not reached, none failed', () => {
  const [s] = collect({
    name: 'precondition breaks', tags: [`@${T(1)}`, `@${T(2)}`],
    steps: [['Context', 'a session with a subscription', 'FAILED', 'no SUBACK'], ['Outcome', `a PUBLISH arrives [${T(1)}]`, 'SKIPPED'], ['Outcome', 'nothing else arrives', 'SKIPPED']],
  });
  assert.equal(s?.status, 'failed');
  assert.deepEqual(perScenario(s), ['1 not-reached', '2 not-reached']);
  assert.deepEqual(s?.failedStep, { text: 'a session with a subscription', line: 11, statements: [] });
  const r = report([s as ScenarioResult]);
  assert.equal(r.statementTotals.failed, 0);
  assert.equal(r.statementTotals.notReached, 2);
  assert.equal(r.totals.requiredFailed, 1); // the scenario still fails the run
});

test('residual rule: a bare Then asserts the tags no step names in brackets; a bracketed When is an assertion', () => {
  const [bare, judged, plain] = collect(
    {
      name: 'bare then fails', tags: [`@${T(1)}`, `@${T(2)}`, `@${T(3)}`],
      steps: [['Action', `the client connects again [${T(1)}]`, 'PASSED'], ['Outcome', 'the old connection is closed', 'FAILED', 'still open']],
    },
    {
      name: 'when judges', tags: [`@${T(4)}`, `@${T(5)}`],
      steps: [['Action', `the client subscribes and is refused [${T(4)}]`, 'FAILED', 'SUBACK 0x00'], ['Outcome', 'the broker keeps the connection', 'SKIPPED']],
    },
    {
      // The current suite has no brackets at all: every Then asserts every tag.
      name: 'no brackets', tags: [`@${T(6)}`, `@${T(7)}`],
      steps: [['Context', 'a connection', 'PASSED'], ['Action', 'it publishes', 'PASSED'], ['Outcome', 'a PUBACK arrives', 'PASSED']],
    },
  );
  assert.deepEqual(perScenario(bare), ['1 passed', '2 failed', '3 failed']);
  assert.deepEqual(bare?.failedStep?.statements, [T(2), T(3)]);
  assert.deepEqual(perScenario(judged), ['4 failed', '5 not-reached']);
  assert.deepEqual(perScenario(plain), ['6 passed', '7 passed']);
  assert.equal(plain?.steps, undefined); // steps are kept for failed scenarios only
});

test('optional assertions never fail a statement that required assertions check; alone they fail it as optional', () => {
  const scenarios = collect(
    { name: 'required passes', tags: [`@${T(1)}`], steps: [['Outcome', `ok [${T(1)}]`, 'PASSED']] },
    { name: 'optional fails', tags: ['@optional', `@${T(1)}`, `@${T(2)}`], steps: [['Outcome', 'the optional thing', 'FAILED', 'missing']] },
    { name: 'required not reached', tags: [`@${T(3)}`], steps: [['Context', 'setup', 'FAILED', 'x'], ['Outcome', 'then', 'SKIPPED']] },
    { name: 'optional fails too', tags: ['@optional', `@${T(3)}`], steps: [['Outcome', 'the optional thing', 'FAILED', 'missing']] },
  );
  assert.deepEqual(scenarios[1]?.statementResults, [{ id: T(1), status: 'failed', optional: true }, { id: T(2), status: 'failed', optional: true }]);
  const r = report(scenarios);
  assert.equal(statement(r, 1)?.status, 'passed');
  assert.deepEqual(statement(r, 1)?.failures?.map((f) => [f.scenario, f.optional]), [['optional fails', true]]);
  assert.equal(statement(r, 2)?.status, 'failed');
  assert.equal(statement(r, 2)?.optional, true);
  assert.equal(statement(r, 3)?.status, 'not-reached'); // a required assertion exists: the optional failure does not decide
  assert.deepEqual([r.statementTotals.failed, r.statementTotals.optionalFailed], [0, 1]);
});

test('not applicable: a skipped scenario with a reason makes all its statements not-applicable', () => {
  const scenarios = collect(
    {
      name: 'needs TLS', tags: ['@tls', `@${T(1)}`], before: 'SKIPPED', steps: [['Outcome', `it works [${T(1)}]`, 'SKIPPED']],
      attachments: [{ mediaType: 'text/x.mqttc.not-applicable', body: '@tls: no mqtts:// URL was given for the target' }],
    },
    { name: 'skipped for no reason', tags: [`@${T(2)}`], before: 'SKIPPED', steps: [['Outcome', 'it works', 'SKIPPED']] },
  );
  assert.equal(scenarios[0]?.status, 'not-applicable');
  assert.deepEqual(perScenario(scenarios[0]), ['1 not-applicable']);
  assert.equal(scenarios[1]?.status, 'failed');
  assert.deepEqual(perScenario(scenarios[1]), ['2 not-reached']);
  const r = report(scenarios);
  assert.equal(statement(r, 1)?.status, 'not-applicable');
  assert.equal(r.profileMismatches, undefined);
});

test('profile mismatch: the broker contradicts the profile → not-applicable, "profile mismatch:", listed', () => {
  const line = 'the broker refused the profile credentials (return code 4): set auth to credentials it accepts, or remove it';
  const [s] = collect({
    name: 'valid credentials', tags: ['@auth', `@${T(1)}`],
    steps: [['Context', 'a connection with the profile credentials', 'SKIPPED'], ['Outcome', `it is accepted [${T(1)}]`, 'SKIPPED']],
    attachments: [{ mediaType: 'text/x.mqttc.profile-mismatch', body: `${line}\n` }],
  });
  assert.equal(s?.status, 'not-applicable');
  assert.equal(s?.message, `profile mismatch: ${line}`);
  const r = report([s as ScenarioResult]);
  assert.equal(statement(r, 1)?.status, 'not-applicable');
  assert.deepEqual(r.profileMismatches, [{ scenario: 'valid credentials', feature: 'features/09-crafted/crafted.feature', message: `profile mismatch: ${line}` }]);
});

test('hooks: a failing Before leaves every statement not reached; a failing After fails no statement', () => {
  const [before, afterHook] = collect(
    { name: 'before breaks', tags: [`@${T(1)}`], before: 'FAILED', steps: [['Outcome', 'x', 'SKIPPED']] },
    { name: 'after breaks', tags: [`@${T(2)}`], after: 'FAILED', steps: [['Outcome', 'y', 'PASSED']] },
  );
  assert.deepEqual(perScenario(before), ['1 not-reached']);
  assert.deepEqual(before?.failedStep, { text: 'Before hook', statements: [] });
  assert.equal(afterHook?.status, 'failed');
  assert.deepEqual(perScenario(afterHook), ['2 passed']);
  assert.deepEqual(afterHook?.failedStep, { text: 'After hook', statements: [] });
});

test('an id no step asserts (a lint error) is judged by the whole scenario; ids only in brackets are still reported', () => {
  const [s] = collect({
    name: 'orphan', tags: [`@${T(1)}`, `@${T(2)}`],
    steps: [['Context', 'setup', 'FAILED', 'boom'], ['Action', `act [${T(1)}]`, 'SKIPPED'], ['Action', `other [${T(3)}]`, 'SKIPPED']],
  });
  assert.deepEqual(perScenario(s), ['1 not-reached', '2 failed', '3 not-reached']);
  assert.deepEqual(s?.failedStep?.statements, [T(2)]);
});

test('reports written before attribution (no statementResults) aggregate from the scenario status', () => {
  const old: ScenarioResult = { name: 'old', feature: 'f', status: 'failed', statements: [T(1)], durationMs: 0, versions: ['3.1.1'], optional: false, tags: [] };
  assert.equal(statement(report([old]), 1)?.status, 'failed');
});
