// "What failed" of conformance.html: failed statements, each with its spec sentence and, per failing
// assertion, the scenario's steps (the failing one marked), the message and the packet trace; then the
// failed scenarios whose failure checks no statement (they broke before their assertions).
import {
  chip, escapeHtml, failureAnchor, scenarioAnchor, statementAnchor, stepList, where,
} from './html-parts.ts';
import type { ConformanceReport, ScenarioResult, StatementResult } from './types.ts';

function failureBlock(s: ScenarioResult, index: number, statementId?: string): string {
  const assertedHere = statementId === undefined || s.steps === undefined || s.steps.some((step) => step.statements.includes(statementId));
  const parts = [`<div class="failure"><a href="#${scenarioAnchor(index)}"><b>${escapeHtml(s.name)}</b></a>` +
    `${s.optional ? ' <i>(optional)</i>' : ''} — <code>${escapeHtml(where(s))}</code>`];
  if (!assertedHere) {
    parts.push('<br><small>(no step of this scenario asserts this statement: the scenario as a whole decides)</small>');
  }
  if (s.steps !== undefined && s.steps.length > 0) parts.push(stepList(s.steps));
  else if (s.failedStep !== undefined) parts.push(`<p>Failed at: <code>${escapeHtml(s.failedStep.text)}</code></p>`);
  parts.push(`<pre class="msg">${escapeHtml(s.message ?? 'failed')}</pre>`);
  if (s.trace !== undefined) parts.push(`<details><summary>Packet trace</summary><pre>${escapeHtml(s.trace)}</pre></details>`);
  parts.push('</div>');
  return parts.join('');
}

function statementGroup(st: StatementResult, report: ConformanceReport, text: string | undefined): string {
  const required = st.optional !== true;
  const failing = report.scenarios
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => (s.statementResults ?? []).some((r) => r.id === st.id && r.status === 'failed') &&
      (s.versions.length === 0 ? st.version === '3.1.1' : s.versions.includes(st.version)))
    // A required statement's group shows its required failures; optional ones are mentioned apart.
    .filter(({ s }) => !required || !s.optional);
  const optionalAlso = required ? (st.failures ?? []).filter((f) => f.optional === true).length : 0;
  const head = `<div class="group${required ? '' : ' opt'}" id="${escapeHtml(failureAnchor(st.version, st.id))}">` +
    `<h3>${chip(st.id, required ? 'failed' : 'failed-optional', statementAnchor(st.version, st.id))} ${escapeHtml(st.id)} ` +
    `<small>(${st.version}, ${failing.length} failing assertion${failing.length === 1 ? '' : 's'}${required ? '' : ', optional only'})</small></h3>` +
    `${text !== undefined ? `<p class="spec">“…${escapeHtml(text)}”</p>` : ''}` +
    `${optionalAlso > 0 ? `<p><small>Also failed by ${optionalAlso} optional scenario(s).</small></p>` : ''}`;
  return `${head}${failing.map(({ s, i }) => failureBlock(s, i, st.id)).join('')}</div>`;
}

/** @param statementText spec sentences keyed `${version}|${id}`. */
export function renderFailures(report: ConformanceReport, statementText: Map<string, string>): string {
  const failed = report.statements.filter((s) => s.status === 'failed');
  const required = failed.filter((s) => s.optional !== true);
  const optional = failed.filter((s) => s.optional === true);
  const parts: string[] = [`<h2 id="what-failed">What failed: ${required.length} statement${required.length === 1 ? '' : 's'}` +
    `${optional.length > 0 ? ` (+${optional.length} optional)` : ''}</h2>`];
  if (failed.length === 0) parts.push('<p>No statement failed.</p>');
  else {
    parts.push(`<p class="matrix">${[...required, ...optional].map((st) => chip(st.id, st.optional === true ? 'failed-optional' : 'failed',
      failureAnchor(st.version, st.id), `${st.id}: ${(st.failures ?? []).length} failing assertion(s)`)).join(' ')}</p>`);
  }
  for (const st of [...required, ...optional]) parts.push(statementGroup(st, report, statementText.get(`${st.version}|${st.id}`)));

  const orphanFailures = report.scenarios
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.status === 'failed' && !(s.statementResults ?? []).some((r) => r.status === 'failed'));
  if (orphanFailures.length > 0) {
    parts.push(`<h2 id="broke-early">Failed scenarios that fail no statement (${orphanFailures.length})</h2>` +
      '<p>The scenario fails, but the failing step asserts no statement: it broke on a precondition, an action or a hook ' +
      'before its assertions ran (its statements are <i>not reached</i>), or the scenario cites no statement.</p>');
    for (const { s, i } of orphanFailures) {
      const notReached = (s.statementResults ?? []).filter((r) => r.status === 'not-reached').map((r) => r.id);
      parts.push(`<div class="group opt">${failureBlock(s, i)}` +
        `${notReached.length > 0 ? `<p>Not reached: ${notReached.map((id) => chip(id, 'not-reached', statementAnchor(s.versions[0] ?? '3.1.1', id))).join(' ')}</p>` : ''}</div>`);
    }
  }
  return parts.join('\n');
}
