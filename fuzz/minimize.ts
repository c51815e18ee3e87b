// `node --import tsx fuzz/minimize.ts <failure.json> [--max-replays N]`: shrinks a broker failure's
// inputs to a smaller set that still fails the same check (delta debugging: chunks alone, then their
// complements, with finer chunks when neither fails), replaying each candidate against a fresh broker. Rewrites the
// file with the smaller set and says so in its detail. Parser and probe failures are one input already.
import { writeFileSync } from 'node:fs';
import { loadFailure } from './corpus.ts';
import type { BrokerFailure } from './corpus.ts';
import { replayBroker } from './replay.ts';

export interface MinimizeResult {
  before: number;
  after: number;
  replays: number;
  reproduced: boolean;
}

/** Smallest failing subset found within `maxReplays` replays (order of the inputs is kept). */
export async function minimizeBrokerFailure(
  f: BrokerFailure,
  maxReplays = 40,
  log: (line: string) => void = () => undefined,
  replay: (f: BrokerFailure) => Promise<{ check: string }[]> = replayBroker,
): Promise<{ failure: BrokerFailure; result: MinimizeResult }> {
  let replays = 0;
  const fails = async (inputs: BrokerFailure['inputs']): Promise<boolean> => {
    replays++;
    const problems = await replay({ ...f, inputs });
    const hit = problems.some((p) => p.check === f.check);
    log(`replay ${replays}: ${inputs.length} input(s) → ${hit ? 'fails' : 'passes'}`);
    return hit;
  };
  if (!(await fails(f.inputs))) return { failure: f, result: { before: f.inputs.length, after: f.inputs.length, replays, reproduced: false } };
  // ddmin: try each chunk alone, then each complement; refine the chunks when neither fails
  let current = f.inputs;
  let parts = 2;
  while (current.length > 1 && replays < maxReplays) {
    const size = Math.ceil(current.length / parts);
    const chunks: BrokerFailure['inputs'][] = [];
    for (let i = 0; i < current.length; i += size) chunks.push(current.slice(i, i + size));
    let next: BrokerFailure['inputs'] | null = null;
    for (const chunk of chunks) {
      if (replays >= maxReplays) break;
      if (await fails(chunk)) { next = chunk; parts = 2; break; }
    }
    if (next === null && chunks.length > 2) {
      for (let i = 0; i < chunks.length && replays < maxReplays; i++) {
        const complement = chunks.filter((_, j) => j !== i).flat();
        if (await fails(complement)) { next = complement; parts = Math.max(parts - 1, 2); break; }
      }
    }
    if (next !== null) { current = next; continue; }
    if (size === 1) break;
    parts = Math.min(parts * 2, current.length);
  }
  const detail = current.length < f.inputs.length ? `${f.detail} (minimized from ${f.inputs.length} to ${current.length} input(s) in ${replays} replays)` : f.detail;
  return { failure: { ...f, inputs: current, detail }, result: { before: f.inputs.length, after: current.length, replays, reproduced: true } };
}

async function main(argv: readonly string[]): Promise<number> {
  const file = argv[0];
  const maxAt = argv.indexOf('--max-replays');
  const max = maxAt >= 0 ? Number(argv[maxAt + 1]) : 40;
  if (file === undefined || !(max > 0)) {
    process.stderr.write('usage: node --import tsx fuzz/minimize.ts <fuzz/corpus/failures/broker-….json> [--max-replays N]\n');
    return 2;
  }
  const f = loadFailure(file);
  if (f.target !== 'broker') {
    process.stderr.write(`${file}: a ${f.target} failure is a single input already\n`);
    return 0;
  }
  const { failure, result } = await minimizeBrokerFailure(f, max, (l) => process.stderr.write(`minimize: ${l}\n`));
  if (!result.reproduced) {
    process.stdout.write(`${file}: ${f.check} does not reproduce on replay; file left as it is\n`);
    return 1;
  }
  writeFileSync(file, `${JSON.stringify(failure, null, 2)}\n`);
  process.stdout.write(`${file}: ${result.before} → ${result.after} input(s) in ${result.replays} replays\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
