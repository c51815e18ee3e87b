// summary.md: a GitHub job-summary style page — verdict, totals, per-area table, failures.
import { areaStats, verdictOf } from './build-report.ts';
import type { ConformanceReport } from './types.ts';

/** Escapes text for a Markdown table cell or list item (one line, no pipes). */
export function mdCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
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
  lines.push(`**Scenarios:** ${t.scenarios} — ${t.passed} passed, ${t.failed} failed` +
    `${t.failed !== t.requiredFailed ? ` (${t.failed - t.requiredFailed} optional)` : ''}, ${t.notApplicable} not applicable ` +
    `in ${(report.durationMs / 1000).toFixed(1)} s`);
  lines.push('');
  lines.push(`**Statements:** ${st.statements} — ${st.passed} passed, ${st.failed} failed, ${st.notApplicable} not applicable, ` +
    `${st.untestable} untestable, ${st.notCovered} not covered (${report.statementsOmitted} client-only omitted)`);
  lines.push('');
  lines.push('| Area | Scenarios | Passed | Failed | N/A |');
  lines.push('|---|---:|---:|---:|---:|');
  for (const a of areaStats(report.scenarios)) {
    lines.push(`| ${mdCell(a.area)} | ${a.scenarios} | ${a.passed} | ${a.failed} | ${a.notApplicable} |`);
  }
  const failures = report.scenarios.filter((s) => s.status === 'failed');
  if (failures.length > 0) {
    lines.push('');
    lines.push('## Failures');
    lines.push('');
    for (const s of failures) {
      const cites = s.statements.length > 0 ? ` [${s.statements.join(', ')}]` : '';
      lines.push(`- **${mdCell(s.name)}**${s.optional ? ' _(optional)_' : ''} — \`${s.feature}${s.line !== undefined ? `:${s.line}` : ''}\`${cites}: ` +
        `${mdCell(s.message ?? 'failed')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
