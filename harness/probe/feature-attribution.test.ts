// The attribution contract over every feature file in features/ (notes/ATTRIBUTION.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPickle, picklesOf, readSpecIds, versionOf, bracketedIds } from './feature-attribution.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const specIds = {
  '3.1.1': readSpecIds(join(root, 'fixtures/spec/normative-3.1.1.tsv')),
  '5.0': readSpecIds(join(root, 'fixtures/spec/normative-5.0.tsv')),
};

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return featureFiles(path);
    return entry.name.endsWith('.feature') ? [path] : [];
  });
}

test('every feature file keeps the attribution contract', () => {
  const files = featureFiles(join(root, 'features'));
  assert.ok(files.length > 10, 'no feature files found');
  const problems = files.flatMap((file) => {
    const uri = relative(root, file);
    return picklesOf(uri, readFileSync(file, 'utf8')).flatMap((pickle) => {
      const version = versionOf(pickle);
      return checkPickle(pickle, version === undefined ? undefined : specIds[version]);
    });
  });
  const lines = [...new Set(problems.map((p) => `${p.uri}: "${p.scenario}": ${p.problem}`))];
  assert.deepEqual(lines, [], `${lines.length} attribution problem(s):\n${lines.join('\n')}`);
});

test('the lint catches each kind of problem', () => {
  const feature = `@v3.1.1
Feature: f
  @MQTT-3.1.4-5 @MQTT-3.2.2-4
  Scenario: residual and bracket
    When x happens
    Then y holds [MQTT-3.2.2-4]
    And z holds

  @MQTT-3.1.4-5 @MQTT-3.2.2-4
  Scenario: no residual assertion
    When x happens [MQTT-3.2.2-4]
    Then y holds [MQTT-3.2.2-4]

  @MQTT-3.3.1-1
  Scenario: phantom id and a foreign bracket
    Then y holds [MQTT-3.3.1.-1]
    And z holds [MQTT-3.3.1-1,MQTT-3.1.4-5]
    And w holds [MQTT-3.1.4-5
`;
  const problems = picklesOf('f.feature', feature).flatMap((p) => checkPickle(p, specIds['3.1.1']).map((q) => `${q.scenario}: ${q.problem}`));
  assert.equal(problems.filter((p) => p.startsWith('residual and bracket')).length, 0);
  assert.ok(problems.some((p) => p.startsWith('no residual assertion') && p.includes('@MQTT-3.1.4-5 has no assertion')));
  assert.ok(problems.some((p) => p.includes('names MQTT-3.3.1.-1, which is not a tag')));
  assert.ok(problems.some((p) => p.includes('names MQTT-3.1.4-5, which is not a tag')));
  assert.ok(problems.some((p) => p.includes('@MQTT-3.3.1-1 is not a statement')));
  assert.ok(problems.some((p) => p.includes('malformed statement suffix')));
  assert.deepEqual(bracketedIds('a b [MQTT-3.2.2-4, MQTT-3.2.2-5]'), ['MQTT-3.2.2-4', 'MQTT-3.2.2-5']);
});
