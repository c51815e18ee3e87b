// The report views over a crafted run (crafted-envelopes.ts): the HTML opens on what failed, grouped by
// statement with the spec sentence, steps, message and trace; every chip links to an anchor that exists;
// summary.md and the console count not-reached apart and name the statements of each failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SPEC_DIR } from '../target/paths.ts';
import { buildReport, loadSpecTables } from './build-report.ts';
import { summaryLines } from './console-summary.ts';
import { craftedRun } from './crafted-envelopes.ts';
import { renderHtml } from './html.ts';
import { renderSummary } from './summary-md.ts';
import type { ConformanceReport } from './types.ts';

const spec = loadSpecTables(SPEC_DIR, ['3.1.1']);
const text = new Map(spec.map((s) => [`${s.version}|${s.id}`, s.text]));

function crafted(): ConformanceReport {
  return buildReport({
    target: { urls: ['mqtt://127.0.0.1:1883'], profile: 'crafted', protocolVersions: ['3.1.1'] },
    scenarios: craftedRun(), startedAt: new Date(0), durationMs: 1000, spec,
    untestable: new Map([['3.1.1', new Map([['MQTT-3.1.2-10', 'the broker keeps it internally']])]]),
  });
}

test('statement statuses of the crafted run', () => {
  const r = crafted();
  const status = (id: string): string => {
    const s = r.statements.find((x) => x.id === id);
    return `${s?.status ?? '?'}${s?.optional === true ? ' (optional)' : ''}`;
  };
  assert.equal(status('MQTT-3.2.2-4'), 'failed');
  assert.equal(status('MQTT-3.2.2-5'), 'passed');
  assert.equal(status('MQTT-3.1.4-5'), 'not-reached');
  assert.equal(status('MQTT-3.1.0-2'), 'failed');
  assert.equal(status('MQTT-3.1.2-8'), 'not-reached');
  assert.equal(status('MQTT-3.1.3-6'), 'failed (optional)');
  assert.equal(status('MQTT-3.3.1-7'), 'not-applicable');
  assert.equal(status('MQTT-3.1.4-2'), 'not-applicable');
  assert.equal(status('MQTT-3.1.2-10'), 'untestable');
  assert.deepEqual(r.profileMismatches?.map((m) => m.scenario), ['valid credentials are accepted']);
});

test('html: opens on what failed, one group per failed statement, with spec text, steps, message and trace', () => {
  const html = renderHtml(crafted(), text);
  const at = (s: string): number => html.indexOf(s);
  assert.ok(at('id="what-failed"') > 0 && at('id="what-failed"') < at('id="statements"'), 'failures come before the matrix');
  assert.match(html, /What failed: 2 statements \(\+1 optional\)/);
  const start = at('id="fail-3.1.1-MQTT-3.2.2-4"');
  const group = html.slice(start, html.indexOf('<div class="group', start + 1));
  assert.ok(start > 0 && group.length > 0);
  assert.ok(group.includes(escapeText(text.get('3.1.1|MQTT-3.2.2-4') ?? 'missing')), 'spec sentence');
  assert.match(group, /<li class="sf">.*session present is 0 \[MQTT-3\.2\.2-4\].*← failed here/);
  assert.match(group, /<li class="ss">.*the broker closes the connection \[MQTT-3\.1\.4-5\]/);
  assert.match(group, /expected session present 0, got 1/);
  assert.match(group, /<summary>Packet trace<\/summary><pre>→ CONNECT protocolLevel=3/);
  assert.doesNotMatch(group, /a second CONNECT/, 'a failure appears under its own statement only');
  // The Given that broke: listed apart, its statement not reached, never under a failed statement.
  assert.match(html, /Failed scenarios that fail no statement \(1\)[\s\S]*a will is published[\s\S]*Not reached: <a class="cell" href="#st-3\.1\.1-MQTT-3\.1\.2-8"/);
  assert.match(html, /The broker and the profile disagree[\s\S]*profile mismatch: the broker refused the profile credentials/);
  assert.doesNotMatch(html, /<(script|link)\b|src="http/);
});

test('html: every in-page link has its anchor; the matrix shows each status; untestable with its reason', () => {
  const html = renderHtml(crafted(), text);
  const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  const hrefs = [...new Set([...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1] ?? ''))];
  assert.ok(hrefs.length > 100);
  assert.deepEqual(hrefs.filter((h) => !ids.has(h)), []);
  for (const label of ['failed', 'failed (optional)', 'not reached', 'passed', 'not applicable', 'untestable', 'not covered']) {
    assert.ok(html.includes(`</i>${label}</span>`), `legend ${label}`);
  }
  assert.match(html, /href="#fail-3\.1\.1-MQTT-3\.2\.2-4" style="background:#d1353b/); // failed chip → its failures
  assert.match(html, /href="#st-3\.1\.1-MQTT-3\.1\.4-5" style="background:#f0a030/); // not-reached chip → its entry
  assert.match(html, /id="st-3\.1\.1-MQTT-3\.1\.2-10"[^\n]*untestable: the broker keeps it internally/);
  assert.match(html, /id="st-3\.1\.1-MQTT-3\.2\.2-4"[^\n]*href="#sc-\d+">a refused CONNECT gets session present 0/);
});

test('summary.md and console: not-reached counted apart, failures named by statement', () => {
  const r = crafted();
  const md = renderSummary(r);
  assert.match(md, /\*\*Statements:\*\* \d+ — 2 failed \(\+1 optional\), 2 not reached, /);
  assert.match(md, /## Failed statements\n\n- \*\*MQTT-3\.1\.0-2\*\*/);
  assert.match(md, /- \*\*MQTT-3\.2\.2-4\*\* — 1 failing assertion\(s\)\n {2}- a refused CONNECT .*connack\.feature:\d+`: _session present is 0 \[MQTT-3\.2\.2-4\]_ — expected session present 0, got 1/);
  assert.match(md, /\*\*a will is published when the connection drops\*\* — .* \[no statement; not reached: MQTT-3\.1\.2-8\]: no SUBACK/);
  assert.match(md, /## Profile mismatches/);
  const lines = summaryLines(r);
  assert.ok(lines.includes('FAILED [MQTT-3.2.2-4] a refused CONNECT gets session present 0 — features/01-connect/connack.feature:10'), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('FAILED [no statement; not reached: MQTT-3.1.2-8] a will is published')));
  assert.ok(lines.some((l) => l.startsWith('FAILED (optional) [MQTT-3.1.3-6] a zero-length client id')));
  assert.ok(lines.includes('    at: session present is 0 [MQTT-3.2.2-4] (line 14)'));
  assert.match(lines.find((l) => l.startsWith('Statements')) ?? '', /: \d+ passed, 2 failed \(\+1 optional\), 2 not reached, 2 n\/a, 1 untestable/);
});

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

test('compare table: not reached and optional-only failures have their own marks', async () => {
  const { renderCompare } = await import('./compare-table.ts');
  const md = renderCompare([{ file: 'a.json', report: crafted() }], 'statements');
  assert.match(md, /\| MQTT-3\.1\.4-5 \| ◐ not reached \|/);
  assert.match(md, /\| MQTT-3\.1\.3-6 \| ❌ fail \(optional\) \|/);
  assert.match(md, /\| MQTT-3\.2\.2-4 \| ❌ fail \|/);
  assert.match(md, /\| Statements \| 2 pass \/ 2 fail \(\+1 optional\) \/ 2 not reached \/ 2 n\/a \//);
});
