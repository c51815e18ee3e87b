// The step wrapper of steps/support/define.ts: the suffixed form of a step has one parameter more
// (cucumber checks the arity), drops the id list wherever it sits, and keeps `this`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropStatementRefs } from '../../steps/support/define.ts';
import { StatementRefs, splitStatementRefs, STATEMENT_SUFFIX } from '../../steps/support/statement-refs.ts';

test('the wrapped step has one more parameter, drops the ids and keeps this and the data table', () => {
  const calls: unknown[][] = [];
  const step = function (this: { world: string }, name: string, table: string): string {
    calls.push([this.world, name, table]);
    return 'done';
  };
  const wrapped = dropStatementRefs(step);
  assert.equal(wrapped.length, step.length + 1);
  assert.equal(wrapped.call({ world: 'w' }, 'a', new StatementRefs(['MQTT-3.1.4-5']), 'table'), 'done');
  assert.deepEqual(calls, [['w', 'a', 'table']]);
});

test('the suffix is split off a step text, one id or several', () => {
  assert.deepEqual(splitStatementRefs('client "a" receives CONNACK [MQTT-3.2.2-4, MQTT-3.2.2-5]'), { text: 'client "a" receives CONNACK', ids: ['MQTT-3.2.2-4', 'MQTT-3.2.2-5'] });
  assert.deepEqual(splitStatementRefs('DUP set [MQTT-3.3.1.-1]').ids, ['MQTT-3.3.1.-1']);
  assert.deepEqual(splitStatementRefs('no suffix').ids, []);
  assert.equal(STATEMENT_SUFFIX.test('x [MQTT-1.5.3-1'), false);
});
