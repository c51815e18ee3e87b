// Every saved failure under fuzz/corpus/failures/ replayed against a fresh target: the checks must hold
// (so a fixed bug stays fixed). A file with a `todo` reason is a known, unfixed bug: it still runs, and
// is reported as todo until the fix lands (then delete `todo` from the file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { listFailures, loadFailure } from './corpus.ts';
import type { BrokerFailure } from './corpus.ts';
import { replay, replayBroker } from './replay.ts';
import { createRng } from './rng.ts';
import { buildScript, toRecord } from './script.ts';

for (const file of listFailures()) {
  const failure = loadFailure(file);
  const name = `${basename(file)}: ${failure.target} ${failure.check} stays fixed`;
  const options = { timeout: 120_000, ...(failure.todo !== undefined ? { todo: failure.todo } : {}) };
  test(name, options, async () => {
    const problems = await replay(failure);
    assert.deepEqual(problems.map((p) => `${p.check}: ${p.detail.split('\n')[0]}`), [], `${failure.detail}\nreplayed from ${file}`);
  });
}

test('the broker replay runs inputs against a fresh broker and judges them (60 generated inputs replay clean)', { timeout: 60_000 }, async () => {
  const root = createRng(77);
  const inputs = Array.from({ length: 60 }, (_, i) => toRecord(buildScript(root.derive(i), i)));
  const failure: BrokerFailure = { target: 'broker', check: 'control', detail: 'generated', seed: 77, found: '', store: 'memory', inputs, brokerTail: [] };
  assert.deepEqual(await replayBroker(failure), []);
});
