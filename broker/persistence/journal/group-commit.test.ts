import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outbound } from '../contract.ts';
import { GroupCommit } from './group-commit.ts';
import { Stmt, type JournalRow } from './journal-rows.ts';

/** A store that applies rows to a list, one commit at a time, answering on a later turn (like a real one). */
function recordingStore() {
  const commits: JournalRow[][] = [];
  let inFlight = 0;
  return {
    commits,
    commit: (rows: JournalRow[]) => {
      inFlight += 1;
      assert.equal(inFlight, 1, 'one commit at a time');
      commits.push(rows);
      return new Promise<void>((resolve) => setImmediate(() => { inFlight -= 1; resolve(); }));
    },
  };
}

test('maxWrites: a full batch is closed, the rest commit after it, in issue order', async () => {
  const store = recordingStore();
  const q = new GroupCommit('test', store.commit, 100);
  const order: number[] = [];
  await Promise.all(Array.from({ length: 1000 }, (_, i) => q.saveOutbound([outbound('c', i)]).then(() => order.push(i))));
  assert.equal(store.commits.length, 10);
  assert.deepEqual(store.commits.map((rows) => rows.length), Array(10).fill(100));
  const seqs = store.commits.flat().map(([, params]) => params[1]);
  assert.deepEqual(seqs, Array.from({ length: 1000 }, (_, i) => i), 'rows committed in issue order');
  assert.deepEqual(order, Array.from({ length: 1000 }, (_, i) => i), 'promises resolve in issue order');
  assert.deepEqual(q.stats, { commits: 10, writes: 1000, maxBatch: 100 });
});

test('without a limit, one tick is one commit; a delete drops an earlier save of the same record in its batch', async () => {
  const store = recordingStore();
  const q = new GroupCommit('test', store.commit);
  await Promise.all([q.saveOutbound([outbound('c', 1)]), q.saveOutbound([outbound('c', 2)]), q.deleteOutbound('c', 1)]);
  assert.equal(store.commits.length, 1);
  assert.deepEqual(store.commits[0]!.map(([stmt, p]) => [stmt, p[1]]), [[Stmt.saveOutbound, 2], [Stmt.deleteOutbound, 1]]);
});

test('a failed commit rejects its batch only; flush() waits for the last batch', async () => {
  let n = 0;
  const q = new GroupCommit('test', () => (++n === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve()), 1);
  const a = q.enqueue([]);
  const b = q.enqueue([]);
  await assert.rejects(a, /\[test persistence\] commit of 1 writes failed: disk full/);
  await b;
  await q.flush();
  assert.equal(n, 2);
});
