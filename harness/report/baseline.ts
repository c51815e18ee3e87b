// Comparison of a run with an earlier conformance.json (--baseline, --baseline-exact).
//   default: exit 1 only for regressions (passed in the baseline, failed now); improvements are info.
//   exact:   exit 1 on ANY status difference in either direction, added or removed scenarios included —
//            except one: a @timing scenario (it measures a timing window) that failed in the baseline and
//            passes now. A broker whose timer is coarse is late on some runs and on time on others; the
//            baseline keeps the failure it observed, and a lucky pass is reported, not taken as a fix.
import { readFileSync } from 'node:fs';
import type { ConformanceReport, ScenarioResult, ScenarioStatus } from './types.ts';

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
  /** @timing scenarios failed in the baseline and passing now (reported; never fail the comparison). */
  timingPasses: StatusChange[];
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

function statusMap(report: Pick<ConformanceReport, 'scenarios'>): Map<string, ScenarioStatus> {
  const keys = scenarioKeys(report.scenarios);
  return new Map(report.scenarios.map((s, i) => [keys[i] ?? '', s.status]));
}

function timingKeys(report: Pick<ConformanceReport, 'scenarios'>): Set<string> {
  const keys = scenarioKeys(report.scenarios);
  return new Set(report.scenarios.flatMap((s, i) => ((s.tags ?? []).includes('@timing') ? [keys[i] ?? ''] : [])));
}

export function compareWithBaseline(
  baseline: Pick<ConformanceReport, 'scenarios'>,
  current: Pick<ConformanceReport, 'scenarios'>,
  exact: boolean,
): BaselineComparison {
  const before = statusMap(baseline);
  const after = statusMap(current);
  const regressions: StatusChange[] = [];
  const improvements: StatusChange[] = [];
  const others: StatusChange[] = [];
  const timingPasses: StatusChange[] = [];
  const timing = timingKeys(current);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b: Presence = before.get(key) ?? 'absent';
    const a: Presence = after.get(key) ?? 'absent';
    if (a === b) continue;
    const change = { key, before: b, after: a };
    if (b === 'passed' && a === 'failed') regressions.push(change);
    else if (b === 'failed' && a === 'passed' && timing.has(key)) timingPasses.push(change);
    else if (a === 'passed' && b !== 'absent') improvements.push(change);
    else others.push(change);
  }
  const differs = regressions.length + improvements.length + others.length > 0;
  const exitCode = regressions.length > 0 || (exact && differs) ? 1 : 0;
  return { regressions, improvements, others, timingPasses, exitCode };
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
  return report as ConformanceReport;
}

export function formatComparison(c: BaselineComparison, exact: boolean): string[] {
  const lines: string[] = [];
  const fmt = (x: StatusChange): string => `  ${x.key}: ${x.before} → ${x.after}`;
  if (c.regressions.length > 0) lines.push(`Regressions against the baseline (${c.regressions.length}):`, ...c.regressions.map(fmt));
  if (c.improvements.length > 0) lines.push(`${exact ? 'Differences' : 'Improvements (info)'}: now passing (${c.improvements.length}):`, ...c.improvements.map(fmt));
  if (c.others.length > 0) lines.push(`${exact ? 'Differences' : 'Other changes (info)'} (${c.others.length}):`, ...c.others.map(fmt));
  if (c.timingPasses.length > 0) lines.push(`Timing scenarios failed in the baseline, passing this run (info: a late timer is late only on some runs) (${c.timingPasses.length}):`, ...c.timingPasses.map(fmt));
  if (lines.length === 0) lines.push('Same statuses as the baseline.');
  return lines;
}
