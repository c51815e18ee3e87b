// Report building from a recorded messages.ndjson of the fixture suite
// (harness/test-fixtures: pass, fail with trace, n/a, optional failure, outline, untestable list).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, SPEC_DIR } from '../target/paths.ts';
import { buildReport, loadSpecTables, loadUntestable } from './build-report.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { collectFromNdjson } from './scenario-collector.ts';
import { renderSummary } from './summary-md.ts';

const FIXTURES = join(REPO_ROOT, 'harness', 'test-fixtures');

function fixtureReport() {
  const collector = collectFromNdjson(readFileSync(join(FIXTURES, 'messages.ndjson'), 'utf8'));
  return buildReport({
    target: { urls: ['mqtt://127.0.0.1:1883'], profile: 'fixture', protocolVersions: ['3.1.1'] },
    scenarios: collector.results,
    startedAt: new Date(0),
    durationMs: 1234,
    spec: loadSpecTables(SPEC_DIR, ['3.1.1']),
    untestable: loadUntestable(join(FIXTURES, 'features')),
  });
}

test('scenario statuses, messages and traces come from the recorded envelopes', () => {
  const report = fixtureReport();
  assert.deepEqual(report.totals, { scenarios: 7, passed: 4, failed: 2, notApplicable: 1, requiredFailed: 1 });
  const byName = new Map(report.scenarios.map((s) => [s.name, s]));
  const failed = byName.get('a deliberate failure');
  assert.equal(failed?.status, 'failed');
  assert.equal(failed?.message, 'expected a PUBACK, the broker sent nothing');
  assert.match(failed?.trace ?? '', /PUBLISH qos=1[\s\S]*no PUBACK/);
  assert.deepEqual(failed?.statements, ['MQTT-3.1.0-2', 'MQTT-3.2.0-1']);
  assert.equal(failed?.feature, 'harness/test-fixtures/features/01-fixture/fixture.feature');
  assert.equal(failed?.line, 11);
  const na = byName.get('needs a capability the profile lacks');
  assert.equal(na?.status, 'not-applicable');
  assert.equal(na?.message, '@fixture-missing: the fixture profile lacks this capability');
  assert.equal(na?.trace, undefined);
  assert.equal(byName.get('an optional behaviour the target lacks')?.optional, true);
  // Scenarios are in source order; the outline's two rows keep their own lines.
  const outline = report.scenarios.filter((s) => s.name === 'repeated name from an outline');
  assert.deepEqual(outline.map((s) => s.line), [29, 30]);
});

test('statement table: S and B rows only, statuses aggregated, untestable with reason', () => {
  const report = fixtureReport();
  const spec = loadSpecTables(SPEC_DIR, ['3.1.1']);
  const clientOnly = spec.filter((s) => s.side === 'C').length;
  assert.equal(report.statementsOmitted, clientOnly);
  assert.equal(report.statements.length, spec.length - clientOnly);
  assert.ok(report.statements.every((s) => s.side === 'S' || s.side === 'B'));
  const status = (id: string) => report.statements.find((s) => s.id === id);
  assert.equal(status('MQTT-3.2.0-1')?.status, 'failed'); // one passing and one failing scenario cite it
  assert.equal(status('MQTT-3.1.0-2')?.status, 'failed');
  assert.equal(status('MQTT-3.1.2-24')?.status, 'not-applicable');
  assert.equal(status('MQTT-3.8.4-1')?.status, 'passed');
  assert.equal(status('MQTT-3.1.4-2')?.status, 'untestable');
  assert.equal(status('MQTT-3.1.4-2')?.reason, 'the fixture cannot observe this over the wire');
  assert.equal(status('MQTT-3.12.4-1')?.status, 'passed'); // listed untestable but cited: the scenario wins
  assert.equal(status('MQTT-3.12.4-1')?.reason, undefined);
  // Only an optional scenario asserts it: failed, flagged optional, counted apart.
  assert.equal(status('MQTT-3.1.2-1')?.status, 'failed');
  assert.equal(status('MQTT-3.1.2-1')?.optional, true);
  assert.equal(report.statementTotals.optionalFailed, 1);
  assert.deepEqual(status('MQTT-3.1.0-2')?.failures?.map((f) => [f.step, f.line, f.message]),
    [['the fixture fails with "expected a PUBACK, the broker sent nothing"', 13, 'expected a PUBACK, the broker sent nothing']]);
  assert.equal(status('MQTT-3.1.4-1')?.status, 'not-covered');
  const t = report.statementTotals;
  assert.equal(t.passed + t.failed + (t.optionalFailed ?? 0) + (t.notReached ?? 0) + t.notApplicable + t.notCovered + t.untestable, t.statements);
});

test('junit: n/a as <skipped message>, failures with trace, XML escaped', () => {
  const xml = renderJunit(fixtureReport());
  assert.match(xml, /<testsuites [^>]*tests="7" failures="2" skipped="1"/);
  assert.match(xml, /<skipped message="@fixture-missing: the fixture profile lacks this capability"\/>/);
  assert.match(xml, /<failure message="expected a PUBACK, the broker sent nothing" type="conformance">[\s\S]*Packet trace:/);
  const report = fixtureReport();
  const odd = { ...report.scenarios[0]!, status: 'failed' as const, name: 'a <b> & "c"', message: 'got <\u0001> & more' };
  const escaped = renderJunit({ ...report, scenarios: [odd] });
  assert.match(escaped, /name="a &lt;b&gt; &amp; &quot;c&quot;"/);
  assert.match(escaped, /message="got &lt;&gt; &amp; more"/);
});

test('summary.md and html carry the verdict, areas, failures and reasons', () => {
  const report = fixtureReport();
  const md = renderSummary(report);
  assert.match(md, /^# MQTT conformance: ❌ FAIL/);
  assert.match(md, /\| 01-fixture \| 6 \| 3 \| 2 \| 1 \|/);
  assert.match(md, /\| 02-other \| 1 \| 1 \| 0 \| 0 \|/);
  assert.match(md, /a deliberate failure.*fixture\.feature:11.*expected a PUBACK/);
  const html = renderHtml(report);
  assert.match(html, /<span class="verdict FAIL">FAIL<\/span>/);
  assert.match(html, /no PUBACK/);
  assert.match(html, /the fixture profile lacks this capability/);
  assert.doesNotMatch(html, /<(script|link)\b|src="http/);
});
