// The mutation score of the suite: of the required statements it cites, how many are killed — made
// to fail by their own assertion — by a fault aimed at them; the rest listed, each with a reason.
import { writeFileSync } from 'node:fs';

export interface NotKilled {
  id: string;
  reason: string;
}

export interface MutationScore {
  /** Required statements cited by the suite (a clean run's report, or the features' tags). */
  cited: number;
  killed: number;
  /** killed / cited, rounded to 3 decimals. */
  score: number;
  /** For each killed statement, the faults that killed it. */
  killedBy: Record<string, string[]>;
  notKilled: NotKilled[];
  /** Statements killed that the suite does not cite as required (e.g. only @optional scenarios). */
  killedNotCited: string[];
}

export interface ScoreInputs {
  cited: readonly string[];
  /** Fault → statements its run killed. */
  kills: ReadonlyMap<string, readonly string[]>;
  /** Statements a row aimed at but did not kill, with the judge's problem. */
  missed: ReadonlyMap<string, string>;
  /** Reasons written down for statements no fault kills. */
  reasons: Readonly<Record<string, string>>;
}

export function mutationScore(inputs: ScoreInputs): MutationScore {
  const killedBy: Record<string, string[]> = {};
  for (const [fault, ids] of inputs.kills) {
    for (const id of ids) (killedBy[id] ??= []).push(fault);
  }
  const cited = [...new Set(inputs.cited)].sort();
  const citedSet = new Set(cited);
  const killed = cited.filter((id) => killedBy[id] !== undefined);
  const notKilled = cited
    .filter((id) => killedBy[id] === undefined)
    .map((id) => ({ id, reason: inputs.reasons[id] ?? inputs.missed.get(id) ?? 'no fault aims at it yet' }));
  const score = cited.length === 0 ? 0 : Math.round((killed.length / cited.length) * 1000) / 1000;
  const kb: Record<string, string[]> = {};
  for (const id of Object.keys(killedBy).sort()) kb[id] = (killedBy[id] ?? []).sort();
  return { cited: cited.length, killed: killed.length, score, killedBy: kb, notKilled, killedNotCited: Object.keys(kb).filter((id) => !citedSet.has(id)) };
}

export function formatScore(score: MutationScore): string {
  const lines = [`mutation score: ${score.killed} / ${score.cited} required statements killed by a fault aimed at them (${(score.score * 100).toFixed(1)} %)`];
  for (const n of score.notKilled) lines.push(`  not killed ${n.id}: ${n.reason}`);
  if (score.killedNotCited.length > 0) lines.push(`  killed but not cited by a required scenario: ${score.killedNotCited.join(', ')}`);
  return lines.join('\n');
}

export function writeScore(path: string, score: MutationScore, extra: Record<string, unknown> = {}): void {
  writeFileSync(path, `${JSON.stringify({ ...score, ...extra }, null, 2)}\n`);
}
