// Runs the framer/parser checks in a worker thread for a bounded time, with a watchdog: an input on
// which the worker makes no progress for `hangMs` is a hang (the worker is terminated and a new one
// continues after that input). Findings carry (seed, index), from which the input is rebuilt.
import { Worker } from 'node:worker_threads';
import { buildParserInput } from './parser-check.ts';
import type { ParserFinding, ParserInput } from './parser-check.ts';
import type { ParserWorkerMessage } from './parser-worker.ts';
import { createRng } from './rng.ts';

export interface ParserFuzzFinding extends ParserFinding {
  seed: number;
  index: number;
  input: ParserInput;
}

export interface ParserFuzzResult {
  iterations: number;
  findings: ParserFuzzFinding[];
  elapsedMs: number;
}

const STARTUP_DEADLINE_MS = 60_000;
const WORKER = new URL('./parser-worker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');

function startWorker(workerData: unknown): Worker {
  // tsx's loader does not reach worker threads through --import: the worker registers it itself
  const source = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER)}); })`;
  return new Worker(source, { eval: true, workerData });
}

/** Checks inputs 0, 1, 2… until `seconds` are up or `iterations` inputs are done, whichever comes first. */
export async function runParserFuzz(options: { seed: number; seconds: number; iterations?: number; hangMs?: number; hangAt?: number }): Promise<ParserFuzzResult> {
  const hangMs = options.hangMs ?? 2000;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const root = createRng(options.seed);
  const findings: ParserFuzzFinding[] = [];
  const add = (index: number, f: ParserFinding): void => {
    if (findings.length < 100) findings.push({ ...f, seed: options.seed, index, input: buildParserInput(root.derive(index)) });
  };
  let next = 0;
  const stopAt = options.iterations ?? Infinity;
  while (performance.now() < end && next < stopAt) {
    const progress = new SharedArrayBuffer(4);
    const view = new Int32Array(progress);
    Atomics.store(view, 0, -1); // -1 until the worker has loaded and begun its first input
    const worker = startWorker({ seed: options.seed, start: next, hangAt: options.hangAt, stopAt: options.iterations, endEpochMs: Date.now() + Math.max(100, end - performance.now()), progress });
    next = await new Promise<number>((resolve, reject) => {
      let last = -1;
      let lastChange = performance.now();
      const spawnedAt = performance.now();
      const watchdog = setInterval(() => {
        const at = Atomics.load(view, 0);
        if (at === -1) {
          // loading the worker (tsx compiles its modules) is slow under load, and no input has started yet
          if (performance.now() - spawnedAt > STARTUP_DEADLINE_MS) {
            clearInterval(watchdog);
            void worker.terminate();
            reject(new Error(`the parser fuzz worker did not start within ${STARTUP_DEADLINE_MS} ms`));
          }
          return;
        }
        if (at !== last) { last = at; lastChange = performance.now(); return; }
        if (performance.now() - lastChange > hangMs) {
          clearInterval(watchdog);
          add(at, { check: 'parser-hang', detail: `no progress on input ${at} for ${hangMs} ms` });
          void worker.terminate().then(() => resolve(at + 1));
        }
      }, 100);
      worker.on('message', (m: ParserWorkerMessage) => {
        if (m.type === 'finding') add(m.index, { check: m.check as ParserFinding['check'], detail: m.detail });
        else { clearInterval(watchdog); void worker.terminate().then(() => resolve(m.next)); }
      });
      worker.on('error', (e) => { clearInterval(watchdog); reject(e); });
    });
  }
  return { iterations: next, findings, elapsedMs: performance.now() - started };
}
