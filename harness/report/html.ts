// conformance.html: one self-contained page (inline CSS, no scripts or external assets) a person reads.
// It opens on the verdict and what failed (grouped by statement), then the baseline verdict and profile
// mismatches, the statement matrix (chips link to each statement's entry: its failures and scenarios),
// the statement index, not-applicable reasons, and every scenario by area.
import { areaOf, areaStats, verdictOf } from './build-report.ts';
import { renderFailures } from './html-failures.ts';
import {
  CSS, LABELS, bar, cellStatus, chip, escapeHtml, failureAnchor, legend, scenarioAnchor, statementAnchor, where,
} from './html-parts.ts';
import type { ConformanceReport, ScenarioResult } from './types.ts';

export { escapeHtml } from './html-parts.ts';

function header(report: ConformanceReport): string {
  const verdict = verdictOf(report);
  const t = report.totals;
  const st = report.statementTotals;
  const optional = t.failed - t.requiredFailed;
  return [
    `<h1>MQTT conformance <span class="verdict ${verdict}">${verdict}</span></h1>`,
    `<p class="meta">Target ${report.target.urls.map((u) => `<code>${escapeHtml(u)}</code>`).join(', ')} — profile ` +
      `<b>${escapeHtml(report.target.profile)}</b>, MQTT ${escapeHtml(report.target.protocolVersions.join(', '))}` +
      `${report.target.reference === true ? ' (launched reference broker)' : ''}. Started ${escapeHtml(report.startedAt)}, ` +
      `took ${(report.durationMs / 1000).toFixed(1)} s. ${escapeHtml(report.generator)}.</p>`,
    `<p class="totals"><b>Statements</b> (${st.statements}): <span style="color:#d1353b"><b>${st.failed}</b> failed</span>` +
      `${(st.optionalFailed ?? 0) > 0 ? `<span style="color:#c46a6d"><b>${st.optionalFailed ?? 0}</b> failed (optional)</span>` : ''}` +
      `<span style="color:#b06d00"><b>${st.notReached ?? 0}</b> not reached</span>` +
      `<span style="color:#2e9e4f"><b>${st.passed}</b> passed</span><span style="color:#68717a"><b>${st.notApplicable}</b> not applicable</span>` +
      `<span><b>${st.untestable}</b> untestable</span><span><b>${st.notCovered}</b> not covered</span></p>`,
    `<p class="totals"><b>Scenarios</b> (${t.scenarios}): <span style="color:#d1353b"><b>${t.failed}</b> failed` +
      `${optional > 0 ? ` (${optional} optional)` : ''}</span><span style="color:#2e9e4f"><b>${t.passed}</b> passed</span>` +
      `<span style="color:#68717a"><b>${t.notApplicable}</b> not applicable</span></p>`,
    bar(t.passed, t.failed, t.notApplicable),
  ].join('\n');
}

function baselineBox(report: ConformanceReport): string {
  const b = report.baseline;
  if (b === undefined) return '';
  const items = (keys: string[]): string => `<ul>${keys.map((k) => `<li><code>${escapeHtml(k)}</code></li>`).join('')}</ul>`;
  // New failures stay open; the other lists fold, so the page still opens on what failed.
  const list = (title: string, keys: string[], open: boolean): string => keys.length === 0 ? '' :
    `<details${open ? ' open' : ''}><summary><b>${title} (${keys.length})</b></summary>${items(keys)}</details>`;
  const cls = b.verdict === 'pass' ? 'good' : 'bad';
  return `<div class="box ${cls}" id="baseline"><b>Baseline ${escapeHtml(b.file)}${b.exact ? ' (exact)' : ''}: ` +
    `${b.verdict === 'pass' ? 'PASS — nothing regressed' : 'REGRESSED'}</b> — ${b.newFailures.length} new failure(s), ` +
    `${b.fixed.length} fixed, ${b.flaky.length} flaky, ${b.other.length} other difference(s)` +
    list('New failures', b.newFailures, true) + list('Fixed', b.fixed, false) +
    list('Flaky (the baseline allows this flip; not a regression)', b.flaky, false) +
    list(b.exact ? 'Other differences (fail the exact gate)' : 'Other differences (info)', b.other, false) + '</div>';
}

function mismatchBox(report: ConformanceReport): string {
  const m = report.profileMismatches ?? [];
  if (m.length === 0) return '';
  return `<div class="box warn" id="profile-mismatches"><b>The broker and the profile disagree (${m.length} scenario(s) not applicable)</b>` +
    `<ul>${m.map((x) => `<li>${escapeHtml(x.scenario)} — <code>${escapeHtml(x.feature)}</code>: ${escapeHtml(x.message)}</li>`).join('')}</ul></div>`;
}

function matrix(report: ConformanceReport, statementText: Map<string, string>): string {
  const parts: string[] = ['<h2 id="statements">Statement matrix</h2>', legend()];
  const versions = [...new Set(report.statements.map((s) => s.version))];
  for (const version of versions) {
    if (versions.length > 1) parts.push(`<h3>MQTT ${escapeHtml(version)}</h3>`);
    parts.push('<div class="matrix">');
    for (const s of report.statements.filter((x) => x.version === version)) {
      const status = cellStatus(s);
      const title = [`${s.id} (${s.side}): ${LABELS[status]}`, s.reason ?? '', statementText.get(`${s.version}|${s.id}`) ?? '']
        .filter((x) => x !== '').join('\n');
      const href = s.status === 'failed' ? failureAnchor(s.version, s.id) : statementAnchor(s.version, s.id);
      parts.push(chip(s.id, status, href, title));
    }
    parts.push('</div>');
  }
  return parts.join('\n');
}

function statementIndex(report: ConformanceReport, statementText: Map<string, string>, anchorOf: Map<string, number>): string {
  const parts: string[] = ['<h2 id="statement-index">Statements</h2><table class="index">',
    '<tr><th>Statement</th><th>Status</th><th>Spec text, and the scenarios citing it</th></tr>'];
  for (const s of report.statements) {
    const status = cellStatus(s);
    const scenarioLinks = s.scenarios.map((name) => {
      const i = anchorOf.get(name);
      return i === undefined ? escapeHtml(name) : `<a href="#${scenarioAnchor(i)}">${escapeHtml(name)}</a>`;
    });
    const extra = [
      s.status === 'failed' ? `<a href="#${failureAnchor(s.version, s.id)}">its failures (${(s.failures ?? []).length})</a>` : '',
      s.reason !== undefined ? `untestable: ${escapeHtml(s.reason)}` : '',
      (s.notReached ?? []).length > 0 ? `not reached in: ${(s.notReached ?? []).map(escapeHtml).join('; ')}` : '',
    ].filter((x) => x !== '');
    const text = statementText.get(`${s.version}|${s.id}`);
    parts.push(`<tr id="${escapeHtml(statementAnchor(s.version, s.id))}"><td><code>${escapeHtml(s.id)}</code>` +
      `${report.statements.some((x) => x.id === s.id && x.version !== s.version) ? ` <small>${s.version}</small>` : ''}</td>` +
      `<td>${chip(LABELS[status], status, statementAnchor(s.version, s.id))}</td>` +
      `<td>${text !== undefined ? `<span class="spec">…${escapeHtml(text)}</span><br>` : ''}` +
      `${scenarioLinks.length > 0 ? `<small>${scenarioLinks.join(' · ')}</small>` : '<small>no scenario</small>'}` +
      `${extra.length > 0 ? `<br><small>${extra.join(' — ')}</small>` : ''}</td></tr>`);
  }
  parts.push('</table>');
  return parts.join('\n');
}

function scenarioChips(s: ScenarioResult): string {
  const version = s.versions[0] ?? '3.1.1';
  const results = s.statementResults ?? s.statements.map((id) => ({ id, status: s.status, optional: s.optional }));
  return results.map((r) => chip(r.id, r.status === 'failed' && r.optional ? 'failed-optional' : r.status,
    r.status === 'failed' && !r.optional ? failureAnchor(version, r.id) : statementAnchor(version, r.id),
    `${r.id}: ${r.status} in this scenario`)).join(' ');
}

/** @param statementText spec sentences keyed `${version}|${id}` (the spec tables' text). */
export function renderHtml(report: ConformanceReport, statementText: Map<string, string> = new Map()): string {
  const verdict = verdictOf(report);
  const anchorOf = new Map<string, number>();
  report.scenarios.forEach((s, i) => { if (!anchorOf.has(s.name)) anchorOf.set(s.name, i); });
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MQTT conformance: ${verdict} — ` +
    `${escapeHtml(report.target.profile)}</title><style>${CSS}</style></head><body>`);
  parts.push(header(report));
  parts.push(baselineBox(report));
  parts.push(mismatchBox(report));
  parts.push(renderFailures(report, statementText));
  parts.push(matrix(report, statementText));

  parts.push('<h2 id="areas">Areas</h2><table><tr><th>Area</th><th></th><th>Passed</th><th>Failed</th><th>N/A</th></tr>');
  for (const a of areaStats(report.scenarios)) {
    parts.push(`<tr><td>${escapeHtml(a.area)}</td><td>${bar(a.passed, a.failed, a.notApplicable)}</td>` +
      `<td>${a.passed}</td><td>${a.failed}</td><td>${a.notApplicable}</td></tr>`);
  }
  parts.push('</table>');

  const na = report.scenarios.map((s, i) => ({ s, i })).filter(({ s }) => s.status === 'not-applicable');
  parts.push(`<h2 id="not-applicable">Not applicable (${na.length})</h2>`);
  if (na.length > 0) {
    parts.push(`<table>${na.map(({ s, i }) => `<tr><td><a href="#${scenarioAnchor(i)}">${escapeHtml(s.name)}</a></td>` +
      `<td>${escapeHtml(s.message ?? '')}</td></tr>`).join('')}</table>`);
  }
  parts.push(statementIndex(report, statementText, anchorOf));

  parts.push(`<h2 id="scenarios">All scenarios (${report.scenarios.length})</h2>`);
  for (const a of areaStats(report.scenarios)) {
    parts.push(`<h3>${escapeHtml(a.area)} <small>— ${a.passed} passed, ${a.failed} failed, ${a.notApplicable} n/a</small></h3><table>`);
    report.scenarios.forEach((s, i) => {
      if (areaOf(s.feature) !== a.area) return;
      const colour = s.status === 'passed' ? '#2e9e4f' : s.status === 'failed' ? '#d1353b' : '#9aa3ad';
      parts.push(`<tr id="${scenarioAnchor(i)}"><td><i style="display:inline-block;width:.8em;height:.8em;border-radius:50%;background:${colour}"></i> ` +
        `${s.status}${s.optional ? ' <i>(optional)</i>' : ''}</td><td>${escapeHtml(s.name)}<br><small><code>${escapeHtml(where(s))}</code></small></td>` +
        `<td>${scenarioChips(s)}</td><td>${s.durationMs} ms</td></tr>`);
    });
    parts.push('</table>');
  }
  parts.push('</body></html>\n');
  return parts.join('\n');
}
