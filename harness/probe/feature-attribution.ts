// Lint of the attribution contract (notes/ATTRIBUTION.md) over feature files: every statement a
// scenario cites has an assertion step (one naming it in brackets, or an un-bracketed Then step for the
// residual tags), every bracketed id is a tag of its scenario, and every id is in the spec table of the
// scenario's protocol version. Pure over Gherkin text, so a unit test can run it on every feature.
import { readFileSync } from 'node:fs';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Pickle } from '@cucumber/messages';

import { STATEMENT_SUFFIX as SUFFIX, splitStatementRefs } from '../../steps/support/statement-refs.ts';

export interface AttributionProblem {
  uri: string;
  scenario: string;
  problem: string;
}

/** The pickles (scenarios with their Background steps and Examples rows expanded) of one feature text. */
export function picklesOf(uri: string, text: string): readonly Pickle[] {
  const newId = IdGenerator.uuid();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  const document = parser.parse(text);
  return compile(document, uri, newId);
}

/** The ids a step names in its trailing brackets. */
export function bracketedIds(stepText: string): string[] {
  return splitStatementRefs(stepText).ids;
}

/** Statement ids by protocol version tag ('3.1.1', '5.0'), read from fixtures/spec/normative-<version>.tsv. */
export function readSpecIds(path: string): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const id = line.split('\t')[0];
    if (id !== undefined && id.startsWith('MQTT-')) ids.add(id);
  }
  return ids;
}

/** The problems of one pickle; specIds is the table of its version (undefined: version unknown). */
export function checkPickle(pickle: Pickle, specIds: ReadonlySet<string> | undefined): AttributionProblem[] {
  const problems: AttributionProblem[] = [];
  const report = (problem: string): void => {
    problems.push({ uri: pickle.uri, scenario: pickle.name, problem });
  };
  const tags = new Set(pickle.tags.map((t) => t.name.slice(1)).filter((t) => t.startsWith('MQTT-')));
  const named = new Set<string>();
  let residualAssertions = 0;
  for (const step of pickle.steps) {
    if (/\[MQTT-/.test(step.text) && !SUFFIX.test(step.text)) report(`step "${step.text}" has a malformed statement suffix (write " [MQTT-x, MQTT-y]" at the very end)`);
    const ids = bracketedIds(step.text);
    for (const id of ids) {
      named.add(id);
      if (!tags.has(id)) report(`step "${step.text}" names ${id}, which is not a tag of the scenario (add @${id} or fix the spelling)`);
    }
    if (ids.length === 0 && step.type === 'Outcome') residualAssertions++;
  }
  for (const tag of tags) {
    if (specIds !== undefined && !specIds.has(tag)) report(`@${tag} is not a statement of the spec table for this version (phantom or misspelt id)`);
    if (!named.has(tag) && residualAssertions === 0) report(`@${tag} has no assertion: name it in brackets on the step that checks it, or leave a Then step un-bracketed`);
  }
  if (specIds === undefined && tags.size > 0) report('the scenario cites statements but has no @v3.1.1 / @v5 tag');
  return problems;
}

/** The spec version a pickle's tags say it is written for. */
export function versionOf(pickle: Pickle): '3.1.1' | '5.0' | undefined {
  const tags = pickle.tags.map((t) => t.name);
  if (tags.includes('@v5')) return '5.0';
  if (tags.includes('@v3.1.1')) return '3.1.1';
  return undefined;
}
