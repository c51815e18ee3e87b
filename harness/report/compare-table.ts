// `mqtt-conformance compare A.json B.json …`: brokers side by side as one Markdown table.
import { scenarioKeys } from './baseline.ts';
import { mdCell } from './summary-md.ts';
import type { ConformanceReport } from './types.ts';

export type CompareRows = 'statements' | 'scenarios' | 'both';

const MARK: Record<string, string> = {
  passed: '✅ pass', failed: '❌ fail', 'failed-optional': '❌ fail (optional)', 'not-reached': '◐ not reached', 'not-applicable': '➖ n/a', 'not-covered': '· not covered', untestable: '◌ untestable',
};

export function columnTitle(report: ConformanceReport, file: string): string {
  const profile = report.target.profile;
  const url = report.target.urls[0] ?? file;
  return `${profile} (${url})`;
}

export function renderCompare(reports: { file: string; report: ConformanceReport }[], rows: CompareRows = 'both'): string {
  const header = `| | ${reports.map((r) => mdCell(columnTitle(r.report, r.file))).join(' | ')} |`;
  const rule = `|---|${reports.map(() => '---').join('|')}|`;
  const out: string[] = ['# MQTT conformance comparison', ''];
  out.push(header, rule);
  out.push(`| Scenarios | ${reports.map((r) => {
    const t = r.report.totals;
    return `${t.passed} pass / ${t.failed} fail / ${t.notApplicable} n/a`;
  }).join(' | ')} |`);
  out.push(`| Statements | ${reports.map((r) => {
    const t = r.report.statementTotals;
    return t === undefined ? '—' : `${t.passed} pass / ${t.failed} fail${(t.optionalFailed ?? 0) > 0 ? ` (+${t.optionalFailed ?? 0} optional)` : ''} / ` +
      `${t.notReached !== undefined ? `${t.notReached} not reached / ` : ''}${t.notApplicable} n/a / ${t.notCovered} not covered`;
  }).join(' | ')} |`);
  out.push('');
  if (rows !== 'scenarios') {
    out.push('## Statements', '', header.replace('| |', '| Statement |'), rule);
    const order: string[] = [];
    const cells = new Map<string, Map<number, string>>();
    reports.forEach((r, i) => {
      for (const s of r.report.statements) {
        const key = `${s.version === '3.1.1' ? '' : `${s.version} `}${s.id}`;
        if (!cells.has(key)) { cells.set(key, new Map()); order.push(key); }
        cells.get(key)?.set(i, s.status === 'failed' && s.optional === true ? 'failed-optional' : s.status);
      }
    });
    for (const key of order) {
      const row = cells.get(key) ?? new Map<number, string>();
      out.push(`| ${key} | ${reports.map((_, i) => MARK[row.get(i) ?? ''] ?? '—').join(' | ')} |`);
    }
    out.push('');
  }
  if (rows !== 'statements') {
    out.push('## Scenarios', '', header.replace('| |', '| Scenario |'), rule);
    const order: string[] = [];
    const cells = new Map<string, Map<number, string>>();
    reports.forEach((r, i) => {
      const keys = scenarioKeys(r.report.scenarios);
      r.report.scenarios.forEach((s, j) => {
        const key = keys[j] ?? '';
        if (!cells.has(key)) { cells.set(key, new Map()); order.push(key); }
        cells.get(key)?.set(i, s.status);
      });
    });
    for (const key of order) {
      const row = cells.get(key) ?? new Map<number, string>();
      out.push(`| ${mdCell(key)} | ${reports.map((_, i) => MARK[row.get(i) ?? ''] ?? '—').join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
