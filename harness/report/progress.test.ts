import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressReporter } from './progress.ts';
import type { ScenarioResult, ScenarioStatus } from './types.ts';

const result = (status: ScenarioStatus): ScenarioResult =>
  ({ name: 'n', feature: 'f', status, statements: [], durationMs: 0, versions: [], optional: false, tags: [] });

test('TTY: one line rewritten in place', () => {
  let text = '';
  const p = new ProgressReporter(140, { isTTY: true, write: (s: string) => { text += s; } });
  for (const s of ['passed', 'failed', 'not-applicable'] as const) p.update(result(s));
  p.finish();
  assert.equal(text.split('\n').length, 2);
  assert.ok(text.endsWith('\r\u001b[2K[  3/140] passed 1 failed 1 n/a 1\n'));
});

test('not a TTY: plain lines at most every interval, and a final line', () => {
  const lines: string[] = [];
  let now = 0;
  const p = new ProgressReporter(4, { write: (s: string) => { lines.push(s); } }, () => now, 5000);
  p.update(result('passed'));
  now = 1000;
  p.update(result('passed'));
  now = 6000;
  p.update(result('failed'));
  p.finish();
  assert.deepEqual(lines, ['[1/4] passed 1 failed 0 n/a 0\n', '[3/4] passed 2 failed 1 n/a 0\n']);
  p.update(result('not-applicable'));
  p.finish();
  assert.equal(lines.at(-1), '[4/4] passed 2 failed 1 n/a 1\n');
});
