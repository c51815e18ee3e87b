// summary.md: a GitHub job-summary style page — verdict, baseline verdict, totals, failed statements
// (each with the assertion that failed), failed scenarios, profile mismatches, per-area table.
import { areaStats, verdictOf } from './build-report.ts';
import type { ConformanceReport } from './types.ts';

/** Escapes text for a Markdown table cell or list item (one line, no pipes). */
export function mdCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** The statement part of a failed scenario's line: what its failing step asserts, or that it broke early. */
export function failedStatementsOf(s: ConformanceReport['scenarios'][number]): string {
  const ids = s.failedStep?.statements ?? [];
  if (ids.length > 0) return ids.join(', ');
  const notReached = (s.statementResults ?? []).filter((r) => r.status === 'not-reached').map((r) => r.id);
  if (s.statementResults === undefined) return s.statements.length > 0 ? s.statements.join(', ') : 'no statement';
  return notReached.length > 0 ? `no statement; not reached: ${notReached.join(', ')}` : 'no statement';
}

function baselineLines(report: ConformanceReport): string[] {
  const b = report.baseline;
  if (b === undefined) return [];
  const lines = [`**Baseline** \`${b.file}\`${b.exact ? ' (exact)' : ''}: ${b.verdict === 'pass' ? '✅ pass' : '❌ regressed'} — ` +
    `${b.newFailures.length} new failure(s), ${b.fixed.length} fixed, ${b.flaky.length} flaky, ${b.other.length} other difference(s)`, ''];
  const list = (title: string, keys: string[]): void => {
    if (keys.length === 0) return;
    lines.push(`${title}:`, '', ...keys.map((k) => `- \`${mdCell(k)}\``), '');
  };
  list('New failures', b.newFailures);
  list('Fixed', b.fixed);
  list('Flaky (allowed by the baseline, not regressions)', b.flaky);
  list(b.exact ? 'Other differences' : 'Other differences (info)', b.other);
  return lines;
}

export function renderSummary(report: ConformanceReport): string {
  const verdict = verdictOf(report);
  const t = report.totals;
  const st = report.statementTotals;
  const lines: string[] = [];
  lines.push(`# MQTT conformance: ${verdict === 'PASS' ? '✅ PASS' : '❌ FAIL'}`);
  lines.push('');
  lines.push(`Target: ${report.target.urls.map((u) => `\`${u}\``).join(', ')} — profile \`${report.target.profile}\`, ` +
    `MQTT ${report.target.protocolVersions.join(', ')}${report.target.reference === true ? ' (launched reference broker)' : ''}`);
  lines.push('');
  lines.push(...baselineLines(report));
  lines.push(`**Statements:** ${st.statements} — ${st.failed} failed${(st.optionalFailed ?? 0) > 0 ? ` (+${st.optionalFailed ?? 0} optional)` : ''}, ` +
    `${st.notReached ?? 0} not reached, ${st.passed} passed, ${st.notApplicable} not applicable, ` +
    `${st.untestable} untestable, ${st.notCovered} not covered (${report.statementsOmitted} client-only omitted)`);
  lines.push('');
  lines.push(`**Scenarios:** ${t.scenarios} — ${t.passed} passed, ${t.failed} failed` +
    `${t.failed !== t.requiredFailed ? ` (${t.failed - t.requiredFailed} optional)` : ''}, ${t.notApplicable} not applicable ` +
    `in ${(report.durationMs / 1000).toFixed(1)} s`);
  const failed = report.statements.filter((s) => s.status === 'failed');
  if (failed.length > 0) {
    lines.push('', '## Failed statements', '');
    for (const s of failed) {
      const failures = (s.failures ?? []).filter((f) => s.optional === true || f.optional !== true);
      lines.push(`- **${s.id}**${s.optional === true ? ' _(optional only)_' : ''}${s.version !== '3.1.1' ? ` (${s.version})` : ''} — ` +
        `${failures.length} failing assertion(s)`);
      for (const f of failures) {
        lines.push(`  - ${mdCell(f.scenario)} — \`${f.feature}${f.line !== undefined ? `:${f.line}` : ''}\`: _${mdCell(f.step)}_ — ${mdCell(f.message)}`);
      }
    }
  }
  const failures = report.scenarios.filter((s) => s.status === 'failed');
  if (failures.length > 0) {
    lines.push('', '## Failed scenarios', '');
    for (const s of failures) {
      lines.push(`- **${mdCell(s.name)}**${s.optional ? ' _(optional)_' : ''} — \`${s.feature}${s.line !== undefined ? `:${s.line}` : ''}\` ` +
        `[${mdCell(failedStatementsOf(s))}]: ${mdCell(s.message ?? 'failed')}`);
    }
  }
  const mismatches = report.profileMismatches ?? [];
  if (mismatches.length > 0) {
    lines.push('', '## Profile mismatches (not applicable)', '');
    for (const m of mismatches) lines.push(`- **${mdCell(m.scenario)}** — \`${m.feature}\`: ${mdCell(m.message)}`);
  }
  lines.push('', '| Area | Scenarios | Passed | Failed | N/A |', '|---|---:|---:|---:|---:|');
  for (const a of areaStats(report.scenarios)) {
    lines.push(`| ${mdCell(a.area)} | ${a.scenarios} | ${a.passed} | ${a.failed} | ${a.notApplicable} |`);
  }
  return `${lines.join('\n')}\n`;
}
