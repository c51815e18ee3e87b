// Worker thread of the parser fuzz: checks inputs (seed, index) from `start` until `endEpochMs`,
// publishing the index it is on in shared memory so that the main thread can tell a hang from progress.
import { parentPort, workerData } from 'node:worker_threads';
import { buildParserInput, checkParserInput } from './parser-check.ts';
import { createRng } from './rng.ts';

export interface ParserWorkerData {
  seed: number;
  start: number;
  /** Stop at this wall-clock time (Date.now() milliseconds; thread clocks differ). */
  endEpochMs: number;
  progress: SharedArrayBuffer;
  /** Stop before this input index (a fixed amount of work), if set. */
  stopAt?: number;
  /** Control for the watchdog's own test: spin forever on this input. */
  hangAt?: number;
}

export type ParserWorkerMessage =
  | { type: 'finding'; index: number; check: string; detail: string }
  | { type: 'done'; next: number };

const data = workerData as ParserWorkerData;
const progress = new Int32Array(data.progress);
const root = createRng(data.seed);
let index = data.start;
for (; Date.now() < data.endEpochMs && index < (data.stopAt ?? Infinity); index++) {
  Atomics.store(progress, 0, index);
  if (index === data.hangAt) for (;;);
  const finding = checkParserInput(buildParserInput(root.derive(index)));
  if (finding !== null) parentPort!.postMessage({ type: 'finding', index, ...finding } satisfies ParserWorkerMessage);
}
parentPort!.postMessage({ type: 'done', next: index } satisfies ParserWorkerMessage);
