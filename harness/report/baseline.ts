// Comparison of a run with an earlier conformance.json (--baseline, --baseline-exact), and the
// verdict kept in the report (report.baseline). Per scenario key (feature::name[ #n]):
//   flaky        a passed ↔ failed flip the baseline allows: the baseline scenario is flaky (flaky: true,
//                or a passRate strictly between 0 and 1), or a @timing scenario failed there and passes
//                now (a late timer is late on some runs only; a lucky pass is not a fix)
//   newFailures  passed in the baseline, failed now, not flaky (a regression)
//   fixed        failed in the baseline, passed now, not flaky
//   other        any other difference (n/a ↔ anything, added or removed scenarios)
// Default gate: regressed iff newFailures is not empty. Exact gate: regressed on any difference that
// is not flaky. Flaky flips never fail either gate; they are listed.
// A baseline file is a conformance.json (old ones load unchanged); mergeIntoBaseline() accumulates runs
// into one, with each scenario's passRate and runs, so flakiness is measured, not guessed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BaselineVerdict, ConformanceReport, ScenarioResult, ScenarioStatus } from './types.ts';

export type Presence = ScenarioStatus | 'absent';

export interface StatusChange {
  key: string;
  before: Presence;
  after: Presence;
}

export interface BaselineComparison {
  regressions: StatusChange[];
  improvements: StatusChange[];
  /** Every other difference (n/a ↔ failed, scenarios added or removed). */
  others: StatusChange[];
  /** Passed ↔ failed flips the baseline allows (never fail the comparison). */
  flaky: StatusChange[];
  exitCode: 0 | 1;
}

export class BaselineError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`baseline ${file}: ${detail}`);
    this.name = 'BaselineError';
  }
}

/** Stable key of each scenario: feature::name, with #2, #3… for repeated names (outline rows). */
export function scenarioKeys(scenarios: Pick<ScenarioResult, 'feature' | 'name'>[]): string[] {
  const seen = new Map<string, number>();
  return scenarios.map((s) => {
    const base = `${s.feature}::${s.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  });
}

type BaselineScenario = Pick<ScenarioResult, 'feature' | 'name' | 'status'> & Partial<Pick<ScenarioResult, 'tags' | 'flaky' | 'passRate' | 'runs'>>;
type Scenarios = { scenarios: BaselineScenario[] };

function byKey(report: Scenarios): Map<string, BaselineScenario> {
  const keys = scenarioKeys(report.scenarios);
  return new Map(report.scenarios.map((s, i) => [keys[i] ?? '', s]));
}

/** The baseline saw this scenario both pass and fail (or says so). */
export function isFlaky(s: Partial<Pick<ScenarioResult, 'flaky' | 'passRate'>> | undefined): boolean {
  if (s === undefined) return false;
  return s.flaky === true || (s.passRate !== undefined && s.passRate > 0 && s.passRate < 1);
}

export function compareWithBaseline(baseline: Scenarios, current: Scenarios, exact: boolean): BaselineComparison {
  const before = byKey(baseline);
  const after = byKey(current);
  const c: BaselineComparison = { regressions: [], improvements: [], others: [], flaky: [], exitCode: 0 };
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key);
    const now = after.get(key);
    const b: Presence = was?.status ?? 'absent';
    const a: Presence = now?.status ?? 'absent';
    if (a === b) continue;
    const change = { key, before: b, after: a };
    const flip = (b === 'passed' && a === 'failed') || (b === 'failed' && a === 'passed');
    const timing = (now?.tags ?? was?.tags ?? []).includes('@timing');
    if (flip && (isFlaky(was) || (timing && a === 'passed'))) c.flaky.push(change);
    else if (b === 'passed' && a === 'failed') c.regressions.push(change);
    else if (b === 'failed' && a === 'passed') c.improvements.push(change);
    else c.others.push(change);
  }
  const differs = c.regressions.length + c.improvements.length + c.others.length > 0;
  c.exitCode = c.regressions.length > 0 || (exact && differs) ? 1 : 0;
  return c;
}

/** The verdict as the report keeps it (report.baseline). */
export function baselineVerdict(file: string, c: BaselineComparison, exact: boolean): BaselineVerdict {
  return {
    file, exact, verdict: c.exitCode === 0 ? 'pass' : 'regressed',
    newFailures: c.regressions.map((x) => x.key),
    fixed: c.improvements.map((x) => x.key),
    flaky: c.flaky.map((x) => `${x.key} (${x.before} → ${x.after})`),
    other: c.others.map((x) => `${x.key} (${x.before} → ${x.after})`),
  };
}

export function loadBaseline(file: string): ConformanceReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BaselineError(file, (error as Error).message);
  }
  const report = parsed as Partial<ConformanceReport>;
  if (report.schemaVersion !== 1) throw new BaselineError(file, `schemaVersion must be 1 (got ${String(report.schemaVersion)})`);
  if (!Array.isArray(report.scenarios)) throw new BaselineError(file, 'no scenarios[] array');
  for (const [i, s] of report.scenarios.entries()) {
    if (s.passRate !== undefined && !(typeof s.passRate === 'number' && s.passRate >= 0 && s.passRate <= 1)) {
      throw new BaselineError(file, `scenarios[${i}].passRate must be a number from 0 to 1 (got ${JSON.stringify(s.passRate)})`);
    }
    if (s.flaky !== undefined && typeof s.flaky !== 'boolean') {
      throw new BaselineError(file, `scenarios[${i}].flaky must be true or false (got ${JSON.stringify(s.flaky)})`);
    }
  }
  return report as ConformanceReport;
}

/**
 * A baseline that adds this run to an earlier one: the current report, each scenario with runs (how
 * many runs judged it passed or failed) and passRate; flaky once it has been seen both ways (or when
 * the earlier baseline said so). Scenarios no longer in the suite are dropped.
 */
export function mergeIntoBaseline(previous: Scenarios | undefined, current: ConformanceReport): ConformanceReport {
  const before = previous === undefined ? new Map<string, BaselineScenario>() : byKey(previous);
  const keys = scenarioKeys(current.scenarios);
  const scenarios = current.scenarios.map((s, i): ScenarioResult => {
    const was = before.get(keys[i] ?? '');
    const judged = (x: BaselineScenario): boolean => x.status === 'passed' || x.status === 'failed';
    const prevRuns = was === undefined ? 0 : was.runs ?? (judged(was) ? 1 : 0);
    const prevPasses = was === undefined ? 0 : was.passRate !== undefined ? Math.round(was.passRate * prevRuns) : was.status === 'passed' ? prevRuns : 0;
    const runs = prevRuns + (judged(s) ? 1 : 0);
    const passes = prevPasses + (s.status === 'passed' ? 1 : 0);
    const merged: ScenarioResult = { ...s };
    delete merged.flaky;
    delete merged.passRate;
    delete merged.runs;
    if (runs > 0) {
      merged.runs = runs;
      merged.passRate = Math.round((passes / runs) * 10_000) / 10_000;
    }
    if (was?.flaky === true || isFlaky(merged)) merged.flaky = true;
    return merged;
  });
  const out: ConformanceReport = { ...current, scenarios };
  delete out.baseline;
  return out;
}

export function formatComparison(c: BaselineComparison, exact: boolean): string[] {
  const lines: string[] = [];
  const fmt = (x: StatusChange): string => `  ${x.key}: ${x.before} → ${x.after}`;
  if (c.regressions.length > 0) lines.push(`Regressions against the baseline (${c.regressions.length}):`, ...c.regressions.map(fmt));
  if (c.improvements.length > 0) lines.push(`${exact ? 'Differences' : 'Improvements (info)'}: now passing (${c.improvements.length}):`, ...c.improvements.map(fmt));
  if (c.others.length > 0) lines.push(`${exact ? 'Differences' : 'Other changes (info)'} (${c.others.length}):`, ...c.others.map(fmt));
  if (c.flaky.length > 0) lines.push(`Flaky, not regressions (the baseline saw them both ways, or a timing scenario passed by luck) (${c.flaky.length}):`, ...c.flaky.map(fmt));
  if (lines.length === 0) lines.push('Same statuses as the baseline.');
  return lines;
}

/** Merges this run into the baseline FILE (created if absent); returns the merged runs and flaky counts. */
export function writeBaselineFile(file: string, report: ConformanceReport): { maxRuns: number; flaky: number } {
  const previous = existsSync(file) ? loadBaseline(file) : undefined;
  const merged = mergeIntoBaseline(previous, report);
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return {
    maxRuns: Math.max(0, ...merged.scenarios.map((s) => s.runs ?? 0)),
    flaky: merged.scenarios.filter((s) => s.flaky === true).length,
  };
}
