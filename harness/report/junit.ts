// junit.xml: one testsuite per feature file, one testcase per scenario; not-applicable scenarios
// are <skipped message="reason">, failures carry the statements of the failing assertion, the message
// and the packet trace. With --baseline, one more testsuite "baseline" holds the verdict: a testcase
// that fails when the run regressed, and properties with the counts and keys.
import { verdictOf } from './build-report.ts';
import { failedStatementsOf } from './summary-md.ts';
import type { BaselineVerdict, ConformanceReport, ScenarioResult } from './types.ts';

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
  const b = report.baseline;
  const extraFailure = b?.verdict === 'regressed' ? 1 : 0;
  out.push(`<testsuites name="mqtt-conformance ${escapeXml(report.target.profile)}" tests="${report.totals.scenarios + (b === undefined ? 0 : 1)}" ` +
    `failures="${report.totals.failed + extraFailure}" skipped="${report.totals.notApplicable}" time="${seconds(report.durationMs)}">`);
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
        const cites = `Fails: ${failedStatementsOf(s)}\n${s.failedStep !== undefined ? `At: ${s.failedStep.text}\n` : ''}`;
        out.push(`      <failure message="${escapeXml(s.message ?? 'failed')}" type="${type}">` +
          `${escapeXml(`${cites}${s.message ?? ''}${s.trace !== undefined ? `\n\nPacket trace:\n${s.trace}` : ''}`)}</failure>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (b !== undefined) out.push(...baselineSuite(b));
  out.push(`  <!-- verdict: ${verdictOf(report)} -->`);
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function baselineSuite(b: BaselineVerdict): string[] {
  const failed = b.verdict === 'regressed';
  const prop = (name: string, value: string): string => `      <property name="${name}" value="${escapeXml(value)}"/>`;
  const out = [
    `  <testsuite name="baseline" tests="1" failures="${failed ? 1 : 0}" skipped="0" time="0.000">`,
    '    <properties>',
    prop('baseline.file', b.file), prop('baseline.exact', String(b.exact)), prop('baseline.verdict', b.verdict),
    prop('baseline.newFailures', String(b.newFailures.length)), prop('baseline.fixed', String(b.fixed.length)),
    prop('baseline.flaky', String(b.flaky.length)), prop('baseline.other', String(b.other.length)),
    '    </properties>',
  ];
  const lists = [['New failures', b.newFailures], ['Fixed', b.fixed], ['Flaky (allowed by the baseline)', b.flaky], ['Other differences', b.other]] as const;
  const detail = lists.filter(([, keys]) => keys.length > 0).map(([title, keys]) => `${title}:\n${keys.map((k) => `  ${k}`).join('\n')}`).join('\n');
  const head = `    <testcase classname="baseline" name="${escapeXml(`no regression against ${b.file}${b.exact ? ' (exact)' : ''}`)}" time="0.000"`;
  if (!failed && detail === '') out.push(`${head}/>`);
  else {
    out.push(`${head}>`);
    if (failed) out.push(`      <failure message="${escapeXml(`regressed: ${b.newFailures.length} new failure(s)${b.exact ? `, ${b.fixed.length + b.other.length} other difference(s)` : ''}`)}" type="baseline">${escapeXml(detail)}</failure>`);
    else out.push(`      <system-out>${escapeXml(detail)}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}
