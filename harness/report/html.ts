// conformance.html: one self-contained page (inline CSS, no scripts or external assets) a person
// reads: verdict, per-area bars, the statement matrix, failures with their traces, n/a reasons.
import { areaOf, areaStats, verdictOf } from './build-report.ts';
import type { ConformanceReport, ScenarioResult, StatementStatus } from './types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const COLOURS: Record<StatementStatus, string> = {
  passed: '#2e9e4f', failed: '#d1353b', 'not-reached': '#f0a030', 'not-applicable': '#9aa3ad', 'not-covered': '#f0f0f0', untestable: '#c9b6e4',
};

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1100px;padding:1.5em;color:#1d2329}
h1{margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.verdict{display:inline-block;padding:.25em .8em;border-radius:6px;color:#fff;font-weight:700;font-size:1.4em}
.PASS{background:#2e9e4f}.FAIL{background:#d1353b}
.meta{color:#555}.totals span{margin-right:1.2em}
table{border-collapse:collapse}td,th{padding:.25em .6em;text-align:left;vertical-align:top}
.bar{display:flex;width:420px;height:14px;border-radius:3px;overflow:hidden;background:#eee}
.bar div{height:100%}.p{background:#2e9e4f}.f{background:#d1353b}.n{background:#9aa3ad}
.matrix{display:flex;flex-wrap:wrap;gap:3px}
.cell{font:11px ui-monospace,monospace;padding:2px 4px;border-radius:3px;border:1px solid #ccc}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-1px;border:1px solid #ccc}
details{margin:.4em 0;padding:.3em .6em;border:1px solid #e3c0c0;border-radius:4px;background:#fff8f8}
details.na{border-color:#ddd;background:#fafafa}
pre{background:#f4f4f4;padding:.6em;overflow:auto;max-height:30em;font-size:12px}
code{font-size:12px}
`;

function bar(p: number, f: number, n: number): string {
  const total = Math.max(1, p + f + n);
  const pct = (x: number): string => `${((100 * x) / total).toFixed(2)}%`;
  return `<div class="bar"><div class="p" style="width:${pct(p)}"></div><div class="f" style="width:${pct(f)}"></div>` +
    `<div class="n" style="width:${pct(n)}"></div></div>`;
}

function scenarioTitle(s: ScenarioResult): string {
  const where = `${s.feature}${s.line !== undefined ? `:${s.line}` : ''}`;
  const cites = s.statements.length > 0 ? ` <small>[${s.statements.map(escapeHtml).join(', ')}]</small>` : '';
  return `<b>${escapeHtml(s.name)}</b>${s.optional ? ' <i>(optional)</i>' : ''}${cites} — <code>${escapeHtml(where)}</code>`;
}

/** @param statementText optional statement text for tooltips, keyed `${version}|${id}`. */
export function renderHtml(report: ConformanceReport, statementText: Map<string, string> = new Map()): string {
  const verdict = verdictOf(report);
  const t = report.totals;
  const st = report.statementTotals;
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MQTT conformance: ${verdict} — ` +
    `${escapeHtml(report.target.profile)}</title><style>${CSS}</style></head><body>`);
  parts.push(`<h1>MQTT conformance <span class="verdict ${verdict}">${verdict}</span></h1>`);
  parts.push(`<p class="meta">Target ${report.target.urls.map((u) => `<code>${escapeHtml(u)}</code>`).join(', ')} — profile ` +
    `<b>${escapeHtml(report.target.profile)}</b>, MQTT ${escapeHtml(report.target.protocolVersions.join(', '))}` +
    `${report.target.reference === true ? ' (launched reference broker)' : ''}. Started ${escapeHtml(report.startedAt)}, ` +
    `took ${(report.durationMs / 1000).toFixed(1)} s. ${escapeHtml(report.generator)}.</p>`);
  parts.push(`<p class="totals"><span><b>${t.scenarios}</b> scenarios</span><span style="color:#2e9e4f"><b>${t.passed}</b> passed</span>` +
    `<span style="color:#d1353b"><b>${t.failed}</b> failed${t.failed !== t.requiredFailed ? ` (${t.failed - t.requiredFailed} optional)` : ''}</span>` +
    `<span style="color:#68717a"><b>${t.notApplicable}</b> not applicable</span></p>`);
  parts.push(bar(t.passed, t.failed, t.notApplicable));

  parts.push('<h2>Areas</h2><table><tr><th>Area</th><th></th><th>Passed</th><th>Failed</th><th>N/A</th></tr>');
  for (const a of areaStats(report.scenarios)) {
    parts.push(`<tr><td>${escapeHtml(a.area)}</td><td>${bar(a.passed, a.failed, a.notApplicable)}</td>` +
      `<td>${a.passed}</td><td>${a.failed}</td><td>${a.notApplicable}</td></tr>`);
  }
  parts.push('</table>');

  parts.push(`<h2>Statements</h2><p>${st.statements} server-side statements: ${st.passed} passed, ${st.failed} failed, ` +
    `${st.notApplicable} not applicable, ${st.untestable} untestable, ${st.notCovered} not covered ` +
    `(${report.statementsOmitted} client-only statements omitted).</p>`);
  parts.push(`<p class="legend">${(Object.keys(COLOURS) as StatementStatus[])
    .map((k) => `<span><i style="background:${COLOURS[k]}"></i>${k}</span>`).join('')}</p>`);
  const versions = [...new Set(report.statements.map((s) => s.version))];
  for (const version of versions) {
    if (versions.length > 1) parts.push(`<h3>MQTT ${escapeHtml(version)}</h3>`);
    parts.push('<div class="matrix">');
    for (const s of report.statements.filter((x) => x.version === version)) {
      const detail = [
        `${s.id} (${s.side}): ${s.status}`,
        s.reason !== undefined ? `untestable: ${s.reason}` : '',
        s.scenarios.length > 0 ? `scenarios: ${s.scenarios.join('; ')}` : '',
        statementText.get(`${s.version}|${s.id}`) ?? '',
      ].filter((x) => x !== '').join('\n');
      const fg = s.status === 'not-covered' || s.status === 'untestable' ? '#333' : '#fff';
      parts.push(`<span class="cell" style="background:${COLOURS[s.status]};color:${fg}" title="${escapeHtml(detail)}">` +
        `${escapeHtml(s.id.replace(/^MQTT-/, ''))}</span>`);
    }
    parts.push('</div>');
  }

  const failures = report.scenarios.filter((s) => s.status === 'failed');
  parts.push(`<h2>Failures (${failures.length})</h2>`);
  if (failures.length === 0) parts.push('<p>None.</p>');
  for (const s of failures) {
    parts.push(`<details open><summary>${scenarioTitle(s)}</summary><pre>${escapeHtml(s.message ?? 'failed')}</pre>` +
      `${s.trace !== undefined ? `<p>Packet trace:</p><pre>${escapeHtml(s.trace)}</pre>` : ''}</details>`);
  }
  const na = report.scenarios.filter((s) => s.status === 'not-applicable');
  parts.push(`<h2>Not applicable (${na.length})</h2>`);
  for (const s of na) {
    parts.push(`<details class="na"><summary>${scenarioTitle(s)}</summary><p>${escapeHtml(s.message ?? '')}</p></details>`);
  }
  parts.push(`<h2>All scenarios (${report.scenarios.length})</h2>`);
  for (const a of areaStats(report.scenarios)) {
    const rows = report.scenarios.filter((s) => areaOf(s.feature) === a.area).map((s) =>
      `<tr><td><i style="display:inline-block;width:.8em;height:.8em;border-radius:50%;background:${COLOURS[s.status]}"></i> ${s.status}</td>` +
      `<td>${escapeHtml(s.name)}</td><td><small>${s.statements.map(escapeHtml).join(' ')}</small></td><td>${s.durationMs} ms</td></tr>`);
    parts.push(`<details class="na"><summary>${escapeHtml(a.area)} — ${a.passed} passed, ${a.failed} failed, ${a.notApplicable} n/a</summary>` +
      `<table>${rows.join('')}</table></details>`);
  }
  const untestable = report.statements.filter((s) => s.status === 'untestable');
  if (untestable.length > 0) {
    parts.push(`<h2>Untestable statements (${untestable.length})</h2><table>`);
    for (const s of untestable) parts.push(`<tr><td><code>${escapeHtml(s.id)}</code></td><td>${escapeHtml(s.reason ?? '')}</td></tr>`);
    parts.push('</table>');
  }
  parts.push('</body></html>\n');
  return parts.join('\n');
}
