// junit.xml: one testsuite per feature file, one testcase per scenario; not-applicable scenarios
// are <skipped message="reason">, failures carry the message and the packet trace.
import { verdictOf } from './build-report.ts';
import type { ConformanceReport, ScenarioResult } from './types.ts';

export function escapeXml(text: string): string {
  return text
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

export function renderJunit(report: ConformanceReport): string {
  const byFeature = new Map<string, ScenarioResult[]>();
  for (const s of report.scenarios) {
    const list = byFeature.get(s.feature) ?? [];
    list.push(s);
    byFeature.set(s.feature, list);
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="mqtt-conformance ${escapeXml(report.target.profile)}" tests="${report.totals.scenarios}" ` +
    `failures="${report.totals.failed}" skipped="${report.totals.notApplicable}" time="${seconds(report.durationMs)}">`);
  for (const [feature, scenarios] of byFeature) {
    const failures = scenarios.filter((s) => s.status === 'failed').length;
    const skipped = scenarios.filter((s) => s.status === 'not-applicable').length;
    const time = scenarios.reduce((sum, s) => sum + s.durationMs, 0);
    out.push(`  <testsuite name="${escapeXml(feature)}" tests="${scenarios.length}" failures="${failures}" ` +
      `skipped="${skipped}" time="${seconds(time)}">`);
    for (const s of scenarios) {
      const head = `    <testcase classname="${escapeXml(feature)}" name="${escapeXml(s.name)}" time="${seconds(s.durationMs)}"`;
      if (s.status === 'passed') { out.push(`${head}/>`); continue; }
      out.push(`${head}>`);
      if (s.status === 'not-applicable') {
        out.push(`      <skipped message="${escapeXml(s.message ?? 'not applicable')}"/>`);
      } else {
        const type = s.optional ? 'optional' : 'conformance';
        const cites = s.statements.length > 0 ? `Statements: ${s.statements.join(', ')}\n` : '';
        out.push(`      <failure message="${escapeXml(s.message ?? 'failed')}" type="${type}">` +
          `${escapeXml(`${cites}${s.message ?? ''}${s.trace !== undefined ? `\n\nPacket trace:\n${s.trace}` : ''}`)}</failure>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push(`  <!-- verdict: ${verdictOf(report)} -->`);
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
