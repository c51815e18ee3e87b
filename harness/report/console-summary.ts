// The lines printed at the end of a run: one FAILED line per failed scenario (with the statement ids
// its failing assertion checks, or "no statement" when it broke before its assertions), the totals
// (not-reached counted apart), and the baseline verdict.
import { verdictOf } from './build-report.ts';
import { failedStatementsOf } from './summary-md.ts';
import type { BaselineVerdict, ConformanceReport } from './types.ts';

export function summaryLines(report: ConformanceReport): string[] {
  const t = report.totals;
  const st = report.statementTotals;
  const optional = t.failed - t.requiredFailed;
  const lines: string[] = [''];
  for (const s of report.scenarios.filter((x) => x.status === 'failed')) {
    lines.push(`FAILED ${s.optional ? '(optional) ' : ''}[${failedStatementsOf(s)}] ${s.name} — ${s.feature}${s.line !== undefined ? `:${s.line}` : ''}`);
    if (s.failedStep !== undefined) lines.push(`    at: ${s.failedStep.text}${s.failedStep.line !== undefined ? ` (line ${s.failedStep.line})` : ''}`);
    lines.push(`    ${(s.message ?? 'failed').split('\n')[0] ?? ''}`);
  }
  lines.push(`${verdictOf(report)}  ${t.scenarios} scenarios: ${t.passed} passed, ${t.failed} failed${optional > 0 ? ` (${optional} optional)` : ''}, ` +
    `${t.notApplicable} not applicable in ${(report.durationMs / 1000).toFixed(1)} s`);
  lines.push(`Statements (${st.statements}): ${st.passed} passed, ${st.failed} failed` +
    `${(st.optionalFailed ?? 0) > 0 ? ` (+${st.optionalFailed ?? 0} optional)` : ''}, ${st.notReached ?? 0} not reached, ` +
    `${st.notApplicable} n/a, ${st.untestable} untestable, ${st.notCovered} not covered; ${report.statementsOmitted} client-only omitted`);
  const mismatches = report.profileMismatches ?? [];
  if (mismatches.length > 0) {
    lines.push(`Profile mismatches (${mismatches.length}, not applicable):`);
    for (const m of mismatches) lines.push(`  ${m.scenario} — ${m.feature}: ${m.message}`);
  }
  return lines;
}

/** The baseline verdict as console lines (the same content as report.baseline). */
export function baselineLines(b: BaselineVerdict): string[] {
  const lines = [`Baseline ${b.file}${b.exact ? ' (exact)' : ''}: ${b.verdict === 'pass' ? 'PASS' : 'REGRESSED'} — ` +
    `${b.newFailures.length} new failure(s), ${b.fixed.length} fixed, ${b.flaky.length} flaky, ${b.other.length} other difference(s)`];
  const list = (title: string, keys: string[]): void => { if (keys.length > 0) lines.push(`  ${title} (${keys.length}):`, ...keys.map((k) => `    ${k}`)); };
  list('New failures', b.newFailures);
  list('Fixed', b.fixed);
  list('Flaky (allowed by the baseline)', b.flaky);
  list(b.exact ? 'Other differences' : 'Other differences (info)', b.other);
  return lines;
}
