// The mutation score and the run selection of the controls, on hand-made inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagExpression } from './expectations.ts';
import { formatScore, mutationScore } from './mutation-score.ts';

test('score: killed / cited, the rest listed with a written reason, the judge\'s problem, or none', () => {
  const score = mutationScore({
    cited: ['MQTT-1', 'MQTT-2', 'MQTT-3', 'MQTT-4'],
    kills: new Map([['f', ['MQTT-1', 'MQTT-9']], ['g', ['MQTT-1']]]),
    missed: new Map([['MQTT-2', 'h aims at it, but: not reached']]),
    reasons: { 'MQTT-3': 'untestable through a proxy' },
  });
  assert.equal(score.cited, 4);
  assert.equal(score.killed, 1);
  assert.equal(score.score, 0.25);
  assert.deepEqual(score.killedBy, { 'MQTT-1': ['f', 'g'], 'MQTT-9': ['f'] });
  assert.deepEqual(score.notKilled, [
    { id: 'MQTT-2', reason: 'h aims at it, but: not reached' },
    { id: 'MQTT-3', reason: 'untestable through a proxy' },
    { id: 'MQTT-4', reason: 'no fault aims at it yet' },
  ]);
  assert.deepEqual(score.killedNotCited, ['MQTT-9']);
  assert.match(formatScore(score), /^mutation score: 1 \/ 4 required statements killed .*\(25\.0 %\)\n  not killed MQTT-2: h aims/);
});

test('a row runs its statements\' scenarios and the bystanders citing none of the fault\'s statements', () => {
  assert.equal(
    tagExpression({ fault: 'f', statements: ['MQTT-1'] }, ['MQTT-1', 'MQTT-2']),
    '(@MQTT-1) or (not @optional and not @timing and not (@MQTT-1 or @MQTT-2))',
  );
  assert.equal(tagExpression({ fault: 'f', statements: ['MQTT-1', 'MQTT-3'], noBystanders: 'why' }, ['MQTT-1']), '(@MQTT-1 or @MQTT-3)');
});
