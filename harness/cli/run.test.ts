// The runner end to end, through the real CLI bin and cucumber, on the fixture suite
// (harness/test-fixtures) against an Aedes stand-in: launched as "the reference broker", or by URL.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Aedes } from 'aedes';
import { BIN, REPO_ROOT } from '../target/paths.ts';
import type { ConformanceReport } from '../report/types.ts';

const FIXTURE_ARGS = [
  '--features', 'harness/test-fixtures/features/**/*.feature',
  '--import', 'harness/test-fixtures/steps/**/*.ts',
  '--profile', join(REPO_ROOT, 'harness/test-fixtures/fixture-profile.json'),
  '--parallel', '2',
];
const FAKE_BROKER = '--broker-command=node --import tsx harness/test-fixtures/fake-broker.ts --config {config}';
const tmp = mkdtempSync(join(tmpdir(), 'mqttc-run-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Result { code: number; stdout: string; stderr: string; ms: number }

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const readReport = (dir: string): ConformanceReport => JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

test('launched target: fixture suite runs, exit 1 on a required failure, all reports written', async () => {
  const out = join(tmp, 'launched');
  const r = await cli(['run', ...FIXTURE_ARGS, FAKE_BROKER, '--out', out]);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  for (const f of ['conformance.json', 'conformance.html', 'junit.xml', 'summary.md', 'messages.ndjson']) {
    assert.ok(existsSync(join(out, f)), f);
  }
  const report = readReport(out);
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.target.reference, true);
  assert.match(report.target.urls[0] ?? '', /^mqtt:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(report.totals, { scenarios: 7, passed: 4, failed: 2, notApplicable: 1, requiredFailed: 1 });
  assert.match(r.stdout, /\[7\/7\] passed 4 failed 2 n\/a 1/);
  assert.match(r.stdout, /^FAIL {2}7 scenarios: 4 passed, 2 failed \(1 optional\), 1 not applicable/m);
  assert.match(r.stdout, /Reports: .*conformance\.html/);

  // The same statuses as a baseline: exact comparison passes (exit 0) even though scenarios fail.
  const same = await cli(['run', ...FIXTURE_ARGS, FAKE_BROKER, '--out', join(tmp, 'again'), '--baseline', join(out, 'conformance.json'), '--baseline-exact']);
  assert.equal(same.code, 0, same.stderr + same.stdout);
  assert.match(same.stdout, /Same statuses as the baseline/);

  // A baseline where the deliberate failure passed: a regression, exit 1, printed.
  const edited = readReport(out);
  for (const s of edited.scenarios) if (s.name === 'a deliberate failure') s.status = 'passed';
  for (const s of edited.scenarios) if (s.name === 'an optional behaviour the target lacks') s.status = 'not-applicable';
  const baselineFile = join(tmp, 'baseline.json');
  writeFileSync(baselineFile, JSON.stringify(edited));
  const regressed = await cli(['run', ...FIXTURE_ARGS, FAKE_BROKER, '--out', join(tmp, 'regressed'), '--baseline', baselineFile]);
  assert.equal(regressed.code, 1);
  assert.match(regressed.stdout, /Regressions against the baseline \(1\):\s+.*a deliberate failure: passed → failed/);
  assert.match(regressed.stdout, /Other changes \(info\) \(1\):\s+.*an optional behaviour the target lacks: not-applicable → failed/);
});

test('URL target: a reachable Aedes is checked, then run by URL', async () => {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  const port = await listen(server);
  try {
    const out = join(tmp, 'by-url');
    const r = await cli(['run', ...FIXTURE_ARGS, '--url', `mqtt://127.0.0.1:${port}`, '--out', out, '--tags', 'not @optional']);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const report = readReport(out);
    assert.equal(report.target.reference, false);
    assert.deepEqual(report.target.urls, [`mqtt://127.0.0.1:${port}`]);
    assert.deepEqual(report.totals, { scenarios: 6, passed: 4, failed: 1, notApplicable: 1, requiredFailed: 1 });
  } finally {
    await new Promise<void>((resolve) => broker.close(() => server.close(() => resolve())));
  }
});

test('unreachable URL → exit 2 quickly, saying what was tried and what happened', async () => {
  const closed = createServer();
  const port = await listen(closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const refused = await cli(['run', ...FIXTURE_ARGS, '--url', `mqtt://127.0.0.1:${port}`, '--out', join(tmp, 'refused')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, new RegExp(`target unreachable.*CONNECT[\\s\\S]*mqtt://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
  assert.ok(refused.ms < 8000, `took ${refused.ms} ms`);

  // A socket that accepts but never answers CONNACK: the deadline (5 s × --time-scale) applies.
  const silent = createServer(() => undefined);
  const silentPort = await listen(silent);
  try {
    const r = await cli(['run', ...FIXTURE_ARGS, '--url', `mqtt://127.0.0.1:${silentPort}`, '--time-scale', '0.1', '--out', join(tmp, 'silent')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no CONNACK within 500 ms \(timeout\)/);
  } finally {
    silent.close();
  }
});

test('no scenarios matched, or the broker failing to start → exit 2', async () => {
  const none = await cli(['run', ...FIXTURE_ARGS, FAKE_BROKER, '--tags', '@no-such-tag', '--out', join(tmp, 'none')]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no scenarios matched .*tags \(@v3\.1\.1\) and \(@no-such-tag\)/);
  const badTags = await cli(['run', ...FIXTURE_ARGS, FAKE_BROKER, '--tags', '@a and', '--out', join(tmp, 'bad-tags')]);
  assert.equal(badTags.code, 2);
  assert.match(badTags.stderr, /could not be parsed because of syntax error/);
  const broken = await cli(['run', ...FIXTURE_ARGS, FAKE_BROKER, '--out', join(tmp, 'broken')], { FAKE_BROKER_FAIL: '1' });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /the reference broker failed to start: exited before "ready" \(code 3, signal null\)[\s\S]*failing on purpose/);
});

test('--broker-arg reaches the launched reference broker (a flag it refuses stops the run, exit 2, naming the flag)', async () => {
  const r = await cli(['run', ...FIXTURE_ARGS, '--broker-arg', '--no-such-broker-flag', '--out', join(tmp, 'broker-arg')]);
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /the reference broker failed to start: exited before "ready" \(code 2[\s\S]*--no-such-broker-flag/);
});
