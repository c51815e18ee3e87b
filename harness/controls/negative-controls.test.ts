// Negative controls: detection is proven, not assumed. The reference broker is launched once with
// all four listeners; for each fault, fault proxies in front of them (TCP, TLS, WebSocket, secure
// WebSocket, one shared fault state) make it appear to break one rule, and the suite, run through
// them on the scenarios of that rule's statements plus the bystanders of the same feature files,
// must fail those statements by their own assertions and nothing else (judge.ts). Through the clean
// pass-through proxies the whole suite must fail nothing. At the end the mutation score (statements
// killed by a fault aimed at them / required statements cited) is printed and written to
// $NEGATIVE_CONTROLS_OUT (default reports/controls)/mutation-score.json.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FaultProxy, findFault, faultNames } from '../proxy/index.ts';
import type { ProxyTransport } from '../proxy/index.ts';
import { launchReferenceBroker } from '../target/index.ts';
import type { LaunchedBroker } from '../target/index.ts';
import { CLEAN_CONTROL, EXPECTATIONS, NOT_KILLED_REASONS, PHANTOM_IDS, tagExpression } from './expectations.ts';
import type { ControlExpectation } from './expectations.ts';
import { SILENCE_STEP, filesCiting, indexFeatures, requiredCitedByTags, silenceAssertions } from './feature-index.ts';
import { judgeCleanRun, judgeFaultRun, judgeProbeRun, requiredCitedStatements } from './judge.ts';
import { formatScore, mutationScore, writeScore } from './mutation-score.ts';
import { REPO_ROOT, runSuite } from './run-suite.ts';
import type { SuiteRun } from './run-suite.ts';

// Most runs are a few scenarios waiting out deadlines: several at a time, one cucumber worker each,
// keeps the machine's CPU (process start-up is the main cost) and the wall time low.
const CONCURRENCY = Number(process.env.NEGATIVE_CONTROLS_CONCURRENCY ?? 6);
const PARALLEL = Number(process.env.NEGATIVE_CONTROLS_PARALLEL ?? 0);
const CLEAN_PARALLEL = 2;
const ONLY = process.env.NEGATIVE_CONTROLS_ONLY?.split(',').filter((name) => name !== '');
const OUT = process.env.NEGATIVE_CONTROLS_OUT ?? join(REPO_ROOT, 'reports', 'controls');
const PROBE_FAULT = 'close-instead-of-delivering';

const index = indexFeatures();
const silence = silenceAssertions(index);
/** The probe of the silence steps: every "receives no message" step fails on a closed connection. */
const PROBE_ROW: ControlExpectation = {
  fault: PROBE_FAULT,
  statements: silence.statements,
  parallel: 2,
  mustFailAt: SILENCE_STEP,
  noBystanders: 'a probe of the silence steps, not a fault aimed at their statements',
};

/** TLS and WebSocket proxies only for the rows whose feature files need them (fewer reachability checks). */
const TRANSPORT_FEATURES = /^features\/12-transports\//;

let broker: LaunchedBroker | undefined;
let upstreams: Partial<Record<ProxyTransport, string>> = {};
let ca: string | undefined;
const timings: string[] = [];
const warnings: string[] = [];
const gapProblems: string[] = [];
const kills = new Map<string, string[]>();
const missed = new Map<string, string>();
let cleanCited: { cited: string[]; clientOnly: string[] } | undefined;
const started = Date.now();

before(async () => {
  broker = await launchReferenceBroker({ listenerTypes: ['tcp', 'tls', 'ws', 'wss'] });
  const t = broker.transports;
  upstreams = { mqtt: t.mqtt, mqtts: t.mqtts, ws: t.ws, wss: t.wss };
  assert.ok(t.mqtt !== undefined, `the reference broker offers a TCP listener (urls: ${broker.urls.join(' ')})`);
  ca = broker.caFile;
});

after(async () => {
  await broker?.stop();
  if (timings.length > 0) process.stdout.write(`# negative-control timings\n${timings.map((t) => `#   ${t}`).join('\n')}\n`);
});

interface ProxiedRun extends SuiteRun {
  timesApplied: number;
}

async function throughProxy(fault: string, tags: string | undefined, parallel: number, features?: readonly string[]): Promise<ProxiedRun> {
  const shared = new Map<string, unknown>();
  const proxies: FaultProxy[] = [];
  const everyTransport = features === undefined || features.some((f) => TRANSPORT_FEATURES.test(f));
  try {
    for (const upstream of everyTransport ? Object.values(upstreams) : [upstreams.mqtt]) {
      if (upstream !== undefined) proxies.push(await new FaultProxy({ upstream, fault: findFault(fault), shared }).start());
    }
    const options: Parameters<typeof runSuite>[0] = { urls: proxies.map((p) => p.url), parallel, deadlineMs: 170_000 };
    if (tags !== undefined) options.tags = tags;
    if (ca !== undefined) options.ca = ca;
    if (features !== undefined) options.features = features;
    const run = await runSuite(options);
    const timesApplied = proxies.reduce((n, p) => n + p.timesApplied, 0);
    const scenarios = run.report?.totals.scenarios ?? 0;
    timings.push(`${fault}: ${run.durationMs} ms, ${scenarios} scenarios, ${timesApplied} faults applied, exit ${run.exitCode}`);
    return { ...run, timesApplied };
  } finally {
    for (const proxy of proxies) await proxy.stop();
  }
}

test('the table has a row for every fault, each aimed at statements the fault claims; no phantom id', () => {
  const covered = new Set([...EXPECTATIONS.map((e) => e.fault), PROBE_FAULT]);
  const missing = faultNames().filter((name) => name !== CLEAN_CONTROL && !covered.has(name));
  assert.deepEqual(missing, [], 'faults without a negative-control row');
  for (const e of EXPECTATIONS) {
    assert.ok(e.statements.length > 0, e.fault);
    const rules = findFault(e.fault).rules;
    assert.deepEqual(e.statements.filter((id) => !rules.includes(id)), [], `${e.fault}: aimed at statements the fault does not claim to break`);
    assert.deepEqual(e.statements.filter((id) => PHANTOM_IDS.includes(id)), [], `${e.fault}: a phantom id`);
  }
  assert.ok(PROBE_ROW.statements.length > 0, 'the features have "receives no message" steps');
});

describe('negative controls through the fault proxy', { concurrency: CONCURRENCY }, () => {
  const clean = ONLY === undefined || ONLY.includes(CLEAN_CONTROL);
  test(`clean control: the ${CLEAN_CONTROL} proxy fails nothing (every transport)`, { skip: !clean && 'not selected' }, async () => {
    const run = await throughProxy(CLEAN_CONTROL, undefined, CLEAN_PARALLEL);
    const problems = judgeCleanRun(run);
    if (run.report !== undefined) cleanCited = requiredCitedStatements(run.report);
    assert.deepEqual(problems, [], `${problems.join('\n')}\n--- run output (${run.out}) ---\n${run.output}`);
    rmSync(run.out, { recursive: true, force: true });
  });

  const rows = [...EXPECTATIONS, PROBE_ROW];
  const selected: readonly ControlExpectation[] = (ONLY === undefined ? rows : rows.filter((e) => ONLY.includes(e.fault)))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (b.e.parallel ?? 0) - (a.e.parallel ?? 0) || a.i - b.i) // long rows first
    .map(({ e }) => e);
  for (const expectation of selected) {
    const title = expectation.mustFailAt !== undefined
      ? `${expectation.fault}: each of the ${silence.scenarios.length} "receives no message" steps fails on a closed connection`
      : `${expectation.fault} makes ${expectation.statements.join(', ')} fail`;
    test(title, async () => {
      const rules = findFault(expectation.fault).rules;
      const files = expectation.mustFailAt !== undefined ? [...new Set(silence.scenarios.map((s) => s.uri))] : filesCiting(index, expectation.statements);
      const tags = tagExpression(expectation, rules);
      const run = await throughProxy(expectation.fault, tags, expectation.parallel ?? PARALLEL, files.length > 0 ? files : undefined);
      let problems: string[];
      if (expectation.mustFailAt !== undefined) {
        const pattern = expectation.mustFailAt;
        const probed = silence.scenarios.map((s) => ({ uri: s.uri, name: s.name, steps: s.steps.filter((x) => pattern.test(x.text)).map((x) => x.text) }));
        problems = judgeProbeRun(expectation, run, run.timesApplied, probed);
      } else {
        const facts = { timesApplied: run.timesApplied, faultRules: rules, ...(expectation.suiteGaps === undefined ? {} : { suiteGaps: expectation.suiteGaps }) };
        const verdict = judgeFaultRun(expectation, run, facts);
        problems = verdict.problems;
        kills.set(expectation.fault, [...(kills.get(expectation.fault) ?? []), ...verdict.killed]);
        for (const id of expectation.statements) {
          if (!verdict.killed.includes(id)) missed.set(id, `${expectation.fault} aims at it, but: ${problems.find((p) => p.includes(id)) ?? problems[0] ?? 'not killed'}`);
        }
        for (const w of verdict.warnings) {
          timings.push(`warning: ${w}`);
          warnings.push(w);
        }
      }
      if (expectation.knownGap !== undefined) {
        assert.notDeepEqual(problems, [], `${expectation.fault} now holds: remove its knownGap ("${expectation.knownGap}")`);
        for (const id of expectation.statements) missed.set(id, `known gap: ${expectation.knownGap}`);
        for (const p of problems) {
          timings.push(`known gap: ${p}`);
          gapProblems.push(p);
        }
      } else {
        assert.deepEqual(problems, [], `${problems.join('\n')}\n--- run output (${run.out}) ---\n${run.output}`);
      }
      rmSync(run.out, { recursive: true, force: true });
    });
  }
});

test('mutation score: statements killed by a fault aimed at them / required statements cited', { skip: ONLY !== undefined && 'only some rows ran' }, () => {
  const { cited, clientOnly } = cleanCited ?? requiredCitedByTags(index);
  assert.deepEqual([...cited, ...clientOnly].filter((id) => PHANTOM_IDS.includes(id)), [], 'the suite cites a phantom id');
  const score = mutationScore({ cited, kills, missed, reasons: NOT_KILLED_REASONS });
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, 'mutation-score.json');
  const rows = EXPECTATIONS.length + 1;
  writeScore(file, score, { faults: faultNames().length - 1, rows, checks: EXPECTATIONS.reduce((n, e) => n + e.statements.length, 0), wallMs: Date.now() - started, citedFrom: cleanCited === undefined ? 'feature tags' : 'clean run', clientOnlyCited: clientOnly, knownGapProblems: gapProblems, warnings });
  const clientNote = clientOnly.length === 0 ? '' : `\n# cited but client-only (C, not server rules; left out of the score): ${clientOnly.join(', ')}`;
  process.stdout.write(`# ${formatScore(score).split('\n').join('\n# ')}${clientNote}\n# written to ${file}\n`);
  assert.ok(score.cited > 0, 'the suite cites required statements');
});
