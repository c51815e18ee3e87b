// Pieces of conformance.html: escaping, anchors, status colours, statement chips, bars, step lists.
import type { ScenarioResult, StatementResult, StatementStatus, StepRecord } from './types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The statuses a statement cell can show; 'failed-optional' is a failed statement with optional: true. */
export type CellStatus = StatementStatus | 'failed-optional';

export const COLOURS: Record<CellStatus, string> = {
  failed: '#d1353b', 'failed-optional': '#e98a8d', 'not-reached': '#f0a030', passed: '#2e9e4f',
  'not-applicable': '#9aa3ad', untestable: '#c9b6e4', 'not-covered': '#f0f0f0',
};

export const LABELS: Record<CellStatus, string> = {
  failed: 'failed', 'failed-optional': 'failed (optional)', 'not-reached': 'not reached', passed: 'passed',
  'not-applicable': 'not applicable', untestable: 'untestable', 'not-covered': 'not covered',
};

const DARK_TEXT = new Set<CellStatus>(['not-covered', 'untestable', 'not-reached']);

export const cellStatus = (s: Pick<StatementResult, 'status' | 'optional'>): CellStatus =>
  s.status === 'failed' && s.optional === true ? 'failed-optional' : s.status;

/** Anchor of a statement's entry in the statement index. */
export const statementAnchor = (version: string, id: string): string => `st-${version}-${id}`;
/** Anchor of a statement's group in "What failed". */
export const failureAnchor = (version: string, id: string): string => `fail-${version}-${id}`;
/** Anchor of a scenario's row (index in report.scenarios). */
export const scenarioAnchor = (index: number): string => `sc-${index}`;

export function chip(id: string, status: CellStatus, href: string, title = ''): string {
  const fg = DARK_TEXT.has(status) ? '#333' : '#fff';
  return `<a class="cell" href="#${escapeHtml(href)}" style="background:${COLOURS[status]};color:${fg}"` +
    `${title !== '' ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(id.replace(/^MQTT-/, ''))}</a>`;
}

export function legend(): string {
  return `<p class="legend">${(Object.keys(COLOURS) as CellStatus[])
    .map((k) => `<span><i style="background:${COLOURS[k]}"></i>${LABELS[k]}</span>`).join('')}</p>`;
}

export function bar(p: number, f: number, n: number): string {
  const total = Math.max(1, p + f + n);
  const pct = (x: number): string => `${((100 * x) / total).toFixed(2)}%`;
  return `<div class="bar"><div class="p" style="width:${pct(p)}"></div><div class="f" style="width:${pct(f)}"></div>` +
    `<div class="n" style="width:${pct(n)}"></div></div>`;
}

export const where = (s: Pick<ScenarioResult, 'feature' | 'line'>): string => `${s.feature}${s.line !== undefined ? `:${s.line}` : ''}`;

/** The scenario's Gherkin steps; the failing one marked, the skipped ones greyed, asserted ids shown. */
export function stepList(steps: StepRecord[]): string {
  const items = steps.map((step) => {
    const failing = step.status !== undefined && step.status !== 'PASSED' && step.status !== 'SKIPPED';
    const cls = failing ? 'sf' : step.status === 'PASSED' ? 'sp' : 'ss';
    const mark = failing ? '✗' : step.status === 'PASSED' ? '✓' : '–';
    const asserts = step.statements.length > 0 ? ` <span class="asserts">asserts ${step.statements.map(escapeHtml).join(', ')}</span>` : '';
    return `<li class="${cls}"><span class="mark">${mark}</span> <b>${escapeHtml(step.keyword ?? '')}</b> ${escapeHtml(step.text)}` +
      `${step.line !== undefined ? ` <small>:${step.line}</small>` : ''}${failing ? ' <b class="here">← failed here</b>' : ''}${asserts}</li>`;
  });
  return `<ol class="steps">${items.join('')}</ol>`;
}

export const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1100px;padding:1.5em;color:#1d2329}
h1{margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{margin:.2em 0}
a{color:#1f5fa8}
.verdict{display:inline-block;padding:.25em .8em;border-radius:6px;color:#fff;font-weight:700;font-size:1.4em}
.PASS{background:#2e9e4f}.FAIL{background:#d1353b}
.meta{color:#555}.totals span{margin-right:1.2em}
table{border-collapse:collapse}td,th{padding:.25em .6em;text-align:left;vertical-align:top}
.index td{border-top:1px solid #eee}.index td:first-child{white-space:nowrap}
.bar{display:flex;width:420px;height:14px;border-radius:3px;overflow:hidden;background:#eee}
.bar div{height:100%}.p{background:#2e9e4f}.f{background:#d1353b}.n{background:#9aa3ad}
.matrix{display:flex;flex-wrap:wrap;gap:3px}
.cell{font:11px ui-monospace,monospace;padding:2px 4px;border-radius:3px;border:1px solid #ccc;text-decoration:none;display:inline-block}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-1px;border:1px solid #ccc}
.box{margin:.8em 0;padding:.6em .9em;border-radius:6px;border:1px solid #ddd;background:#fafafa}
.box.bad{border-color:#e3a0a0;background:#fff4f4}.box.good{border-color:#a8d8b4;background:#f3fbf5}.box.warn{border-color:#ecc98a;background:#fff9ee}
.group{margin:1em 0;padding:.6em .9em;border:1px solid #e3c0c0;border-left:6px solid #d1353b;border-radius:4px;background:#fff8f8}
.group.opt{border-left-color:#e98a8d;background:#fffafa}
.spec{font-style:italic;color:#444;margin:.2em 0 .6em}
.failure{margin:.6em 0 .8em 0;padding-top:.4em;border-top:1px dashed #e3c0c0}
.steps{margin:.3em 0;padding-left:1.6em;font:12px ui-monospace,monospace}
.steps li{padding:1px 4px}.steps .sf{background:#fde2e2;color:#8b1a1f}.steps .ss{color:#999}.steps .sp{color:#1d2329}
.steps .mark{display:inline-block;width:1em}.here{color:#d1353b}.asserts{color:#6a5a9c;font-size:11px}
details{margin:.4em 0;padding:.3em .6em;border:1px solid #ddd;border-radius:4px;background:#fafafa}
pre{background:#f4f4f4;padding:.6em;overflow:auto;max-height:30em;font-size:12px;white-space:pre-wrap}
code{font-size:12px}.msg{background:#fff;border:1px solid #f0caca}
:target{outline:3px solid #1f5fa8;outline-offset:2px}
`;
