// The framer and mqtt-packet's parser alone, in-process (a worker thread with a watchdog): random and
// mutated streams never make them throw an unexpected error, hold more bytes than they were given, or hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Framer } from '../broker/protocol/framer.ts';
import { PacketTooLargeError } from '../broker/core/errors.ts';
import { checkParserInput } from './parser-check.ts';
import { runParserFuzz } from './parser-fuzz.ts';

test('10,000 random and mutated v3.1.1/v5 streams through the framer and the parser: no finding', { timeout: 90_000 }, async () => {
  const r = await runParserFuzz({ seed: 20261202, seconds: 80, iterations: 10_000 });
  assert.deepEqual(r.findings.map((f) => `${f.check} (input ${f.index}): ${f.detail}`), []);
  assert.equal(r.iterations, 10_000);
});

test('the watchdog reports an input the worker never finishes as a hang, and carries on after it', { timeout: 30_000 }, async () => {
  const r = await runParserFuzz({ seed: 1, seconds: 60, iterations: 200, hangMs: 500, hangAt: 50 });
  assert.deepEqual(r.findings.map((f) => [f.check, f.index]), [['parser-hang', 50]]);
  assert.equal(r.iterations, 200);
});

test('a 256 MB announcement trickled in: the framer holds only the bytes it got, and refuses it past maxPacketSize', () => {
  const announce = Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]);
  const framer = new Framer(268435455 + 5);
  framer.push(announce, () => true);
  for (let i = 0; i < 64; i++) framer.push(Buffer.alloc(1024), () => true);
  assert.equal((framer as unknown as { buffered: number }).buffered, 5 + 64 * 1024);
  assert.throws(() => new Framer(1024).push(announce, () => true), PacketTooLargeError);
});

test('the checker flags a framer that emits a frame shorter than announced', () => {
  // a frame announcing 2 bytes of body given 2: fine; the checker accepts it
  assert.equal(checkParserInput({ maxPacketSize: 1024, probeLevel: 4, chunks: [Buffer.from([0x40, 0x02, 0x00, 0x01])] }), null);
});
