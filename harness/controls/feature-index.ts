// The feature files as the controls need them: each pickle with its tags, its cited statements and,
// for each step, the statements it asserts (ATTRIBUTION.md: its brackets, or the residual ids for an
// un-bracketed Then). Used to choose bystanders (scenarios of the same files citing none of a fault's
// statements) and to find the silence steps.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bracketedIds, picklesOf } from '../probe/feature-attribution.ts';
import { REPO_ROOT } from './run-suite.ts';

export interface IndexedStep {
  text: string;
  type: string;
  /** Statements this step asserts ([] for a precondition or action). */
  asserts: string[];
}

export interface IndexedScenario {
  /** Feature file relative to the repository root. */
  uri: string;
  name: string;
  tags: string[];
  statements: string[];
  optional: boolean;
  steps: IndexedStep[];
}

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return featureFiles(path);
    return entry.name.endsWith('.feature') ? [path] : [];
  });
}

export function indexFeatures(root = REPO_ROOT, dir = 'features'): IndexedScenario[] {
  const out: IndexedScenario[] = [];
  for (const file of featureFiles(join(root, dir)).sort()) {
    const uri = relative(root, file);
    for (const pickle of picklesOf(uri, readFileSync(file, 'utf8'))) {
      const tags = pickle.tags.map((t) => t.name);
      const statements = [...new Set(tags.filter((t) => t.startsWith('@MQTT-')).map((t) => t.slice(1)))];
      const named = new Set(pickle.steps.flatMap((s) => bracketedIds(s.text)));
      const residual = statements.filter((id) => !named.has(id));
      const steps = pickle.steps.map((s) => {
        const ids = bracketedIds(s.text);
        const type = s.type ?? 'Unknown';
        return { text: s.text, type, asserts: ids.length > 0 ? ids : type === 'Outcome' ? residual : [] };
      });
      out.push({ uri, name: pickle.name, tags, statements, optional: tags.includes('@optional'), steps });
    }
  }
  return out;
}

/** Feature files with a scenario citing any of `ids`. */
export function filesCiting(index: readonly IndexedScenario[], ids: readonly string[]): string[] {
  return [...new Set(index.filter((s) => s.statements.some((id) => ids.includes(id))).map((s) => s.uri))].sort();
}

/** Statement ids of the 3.1.1 spec table by side (S server, B both, C client). */
export function specSides(root = REPO_ROOT): Map<string, string> {
  const sides = new Map<string, string>();
  for (const line of readFileSync(join(root, 'fixtures/spec/normative-3.1.1.tsv'), 'utf8').split('\n')) {
    const [id, side] = line.split('\t');
    if (id?.startsWith('MQTT-') === true && side !== undefined) sides.set(id, side);
  }
  return sides;
}

/** Server and both-sides statements cited by a scenario that is not @optional (from the tags). */
export function requiredCitedByTags(index: readonly IndexedScenario[], sides = specSides()): { cited: string[]; clientOnly: string[] } {
  const all = [...new Set(index.filter((s) => !s.optional).flatMap((s) => s.statements))].sort();
  return { cited: all.filter((id) => sides.get(id) !== 'C'), clientOnly: all.filter((id) => sides.get(id) === 'C') };
}

/** A step that says nothing arrives ("receives no message", "is never sent …"). */
export const SILENCE_STEP = /receives no (?:other )?messages?\b|is never sent\b|receives nothing\b/;

/** Statements asserted by a silence step, with the scenarios holding one. */
export function silenceAssertions(index: readonly IndexedScenario[]): { statements: string[]; scenarios: IndexedScenario[] } {
  const scenarios = index.filter((s) => s.steps.some((step) => SILENCE_STEP.test(step.text) && step.asserts.length > 0));
  const statements = new Set(scenarios.flatMap((s) => s.steps.filter((step) => SILENCE_STEP.test(step.text)).flatMap((step) => step.asserts)));
  return { statements: [...statements].sort(), scenarios };
}
