// Negative controls: detection is proven, not assumed. The reference broker is launched once; for
// each fault a FaultProxy in front of its TCP listener makes it appear to break one rule, and the
// suite, run through that proxy on the scenarios of that rule's statements, must fail them. Through
// the clean pass-through proxy the whole TCP suite must fail nothing.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { FaultProxy, findFault, faultNames } from '../proxy/index.ts';
import { launchReferenceBroker } from '../target/index.ts';
import type { LaunchedBroker } from '../target/index.ts';
import { CLEAN_CONTROL, EXPECTATIONS, TCP_ONLY, tagExpression } from './expectations.ts';
import type { ControlExpectation } from './expectations.ts';
import { judgeCleanRun, judgeFaultRun } from './judge.ts';
import { runSuite } from './run-suite.ts';
import type { SuiteRun } from './run-suite.ts';

// Most runs are a few scenarios waiting out deadlines: four at a time, one cucumber worker each,
// keeps the machine's CPU (process start-up is the main cost) and the wall time low.
const CONCURRENCY = Number(process.env.NEGATIVE_CONTROLS_CONCURRENCY ?? 4);
const PARALLEL = Number(process.env.NEGATIVE_CONTROLS_PARALLEL ?? 1);
const CLEAN_PARALLEL = 2;
const ONLY = process.env.NEGATIVE_CONTROLS_ONLY?.split(',').filter((name) => name !== '');

let broker: LaunchedBroker | undefined;
let upstream = '';
const timings: string[] = [];

before(async () => {
  broker = await launchReferenceBroker({ listenerTypes: ['tcp'] });
  const tcp = broker.transports.mqtt ?? broker.urls.find((url) => url.startsWith('mqtt://'));
  assert.ok(tcp !== undefined, `the reference broker offers a TCP listener (urls: ${broker.urls.join(' ')})`);
  upstream = tcp;
});

after(async () => {
  await broker?.stop();
  if (timings.length > 0) process.stdout.write(`# negative-control timings\n${timings.map((t) => `#   ${t}`).join('\n')}\n`);
});

async function throughProxy(fault: string, tags: string, parallel = PARALLEL): Promise<SuiteRun & { timesApplied: number }> {
  const proxy = await new FaultProxy({ upstream, fault: findFault(fault) }).start();
  try {
    const run = await runSuite({ urls: [proxy.url], tags, parallel, deadlineMs: 150_000 });
    const scenarios = run.report?.totals.scenarios ?? 0;
    timings.push(`${fault}: ${run.durationMs} ms, ${scenarios} scenarios, ${proxy.log.length} faults applied, exit ${run.exitCode}`);
    return { ...run, timesApplied: proxy.log.length };
  } finally {
    await proxy.stop();
  }
}

test('the table has an expectation for every fault of the proxy', () => {
  const covered = new Set(EXPECTATIONS.map((e) => e.fault));
  const missing = faultNames().filter((name) => name !== CLEAN_CONTROL && !covered.has(name));
  assert.deepEqual(missing, [], 'faults without a negative-control expectation');
  for (const e of EXPECTATIONS) {
    assert.ok(e.statements.length > 0, e.fault);
    const rules = findFault(e.fault).rules;
    assert.deepEqual(e.statements.filter((id) => !rules.includes(id)), [], `${e.fault}: expected statements the fault does not claim to break`);
  }
});

describe('negative controls through the fault proxy', { concurrency: CONCURRENCY }, () => {
  const clean = ONLY === undefined || ONLY.includes(CLEAN_CONTROL);
  test(`clean control: the ${CLEAN_CONTROL} proxy fails nothing (${TCP_ONLY})`, { skip: !clean && 'not selected' }, async () => {
    const run = await throughProxy(CLEAN_CONTROL, TCP_ONLY, CLEAN_PARALLEL);
    const problems = judgeCleanRun(run);
    assert.deepEqual(problems, [], `${problems.join('\n')}\n--- run output (${run.out}) ---\n${run.output}`);
    rmSync(run.out, { recursive: true, force: true });
  });

  const selected: readonly ControlExpectation[] = (ONLY === undefined ? EXPECTATIONS : EXPECTATIONS.filter((e) => ONLY.includes(e.fault)))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (b.e.parallel ?? 0) - (a.e.parallel ?? 0) || a.i - b.i) // long rows first
    .map(({ e }) => e);
  for (const expectation of selected) {
    test(`${expectation.fault} makes ${expectation.statements.join(', ')} fail`, async () => {
      const run = await throughProxy(expectation.fault, tagExpression(expectation.statements), expectation.parallel ?? PARALLEL);
      const { problems } = judgeFaultRun(expectation, run, { timesApplied: run.timesApplied, faultRules: findFault(expectation.fault).rules });
      assert.deepEqual(problems, [], `${problems.join('\n')}\n--- run output (${run.out}) ---\n${run.output}`);
      rmSync(run.out, { recursive: true, force: true });
    });
  }
});
