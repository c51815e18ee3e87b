import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateStatements, parseSpecTsv, parseUntestableTsv, statementStatus } from './statements.ts';
import type { AssertionStatus, ScenarioResult, ScenarioStatus } from './types.ts';

const scenario = (name: string, status: ScenarioStatus, statements: string[], versions = ['3.1.1']): ScenarioResult =>
  ({ name, feature: 'features/01-x/x.feature', status, statements, durationMs: 1, versions, optional: false, tags: [] });

test('statement status rules', () => {
  const r = (status: AssertionStatus, optional = false) => ({ status, optional });
  const st = (...results: { status: AssertionStatus; optional: boolean }[]) => statementStatus(results, false);
  assert.equal(statementStatus([], false).status, 'not-covered');
  assert.equal(statementStatus([], true).status, 'untestable');
  assert.deepEqual(st(r('passed'), r('failed')), { status: 'failed', optional: false });
  assert.deepEqual(st(r('passed'), r('not-applicable')), { status: 'passed', optional: false });
  assert.deepEqual(st(r('not-reached'), r('passed')), { status: 'passed', optional: false });
  assert.deepEqual(st(r('not-reached'), r('not-applicable')), { status: 'not-reached', optional: false });
  assert.deepEqual(statementStatus([r('not-applicable'), r('not-applicable')], true), { status: 'not-applicable', optional: false });
  assert.deepEqual(st(r('failed', true), r('passed')), { status: 'passed', optional: false });
  assert.deepEqual(st(r('failed', true), r('not-reached')), { status: 'not-reached', optional: false });
  assert.deepEqual(st(r('failed', true), r('not-applicable')), { status: 'failed', optional: true });
  assert.deepEqual(st(r('failed', true), r('passed', true)), { status: 'failed', optional: true });
});

test('aggregation is scoped by protocol version; C rows are omitted and counted', () => {
  const v3 = parseSpecTsv('id\tside\ttext\nMQTT-1-1\tS\tserver\nMQTT-1-2\tC\tclient\nMQTT-1-3\tB\tboth\nbad line\n', '3.1.1');
  const v5 = parseSpecTsv('id\tside\ttext\nMQTT-1-1\tS\tserver five\n', '5.0');
  assert.equal(v3.length, 3);
  const out = aggregateStatements({
    spec: [...v3, ...v5],
    scenarios: [scenario('five fails', 'failed', ['MQTT-1-1'], ['5.0']), scenario('three passes', 'passed', ['MQTT-1-1', 'MQTT-1-2'])],
    untestable: new Map([['3.1.1', parseUntestableTsv('# comment\nMQTT-1-3\tinside the broker\n\n')]]),
  });
  assert.equal(out.omitted, 1);
  assert.deepEqual(out.statements.map((s) => `${s.version} ${s.id} ${s.status}`),
    ['3.1.1 MQTT-1-1 passed', '3.1.1 MQTT-1-3 untestable', '5.0 MQTT-1-1 failed']);
  assert.equal(out.statements[1]?.reason, 'inside the broker');
  assert.deepEqual(out.statements[0]?.scenarios, ['three passes']);
  assert.deepEqual(out.totals, { statements: 3, passed: 1, failed: 1, notApplicable: 0, notCovered: 0, untestable: 1, notReached: 0, optionalFailed: 0 });
});
