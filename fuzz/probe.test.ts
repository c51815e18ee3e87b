// The harness's own clients against a fake broker that sends garbage (random bytes, malformed CONNACKs,
// huge Remaining Lengths, mutated packets, silence, resets): they must answer or fail with a typed
// error, never crash the process or hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeBench, runProbeFuzz } from './probe-fuzz.ts';

test('6 s of probe sessions against garbage: every one ends in an answer or a typed error', { timeout: 30_000 }, async () => {
  const r = await runProbeFuzz({ seed: 20261202, seconds: 6, reachShare: 0 });
  assert.deepEqual(r.findings.map((f) => `${f.check} (case ${f.index}, ${f.case.plan.behaviour}): ${f.detail}`), []);
  assert.ok(r.sessions >= 5 && (r.outcomes.ExpectationError ?? 0) > 0, JSON.stringify(r.outcomes));
});

test('the bench sees a client that crashes: an exception thrown from a socket callback is a probe-uncaught finding', { timeout: 10_000 }, async () => {
  // the test runner's own handler would fail this test for the exception the control throws on purpose
  const runners = process.listeners('uncaughtException');
  for (const l of runners) process.off('uncaughtException', l);
  const bench = await ProbeBench.start();
  try {
    setTimeout(() => { throw new TypeError('control'); }, 1);
    const { problems } = await bench.run({ level: 4, reach: false, plan: { behaviour: 'silence', writes: [], after: 'open', gapMs: 0 } });
    assert.deepEqual(problems.map((p) => p.check), ['probe-uncaught']);
  } finally {
    await bench.stop();
    for (const l of runners) process.on('uncaughtException', l);
  }
});
