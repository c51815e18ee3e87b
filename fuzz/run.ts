// `node --import tsx fuzz/run.ts --seconds N --seed S [--url mqtt://host:port]` (npm run fuzz -- …).
// Without --url it launches the reference broker (own process, free port, throwaway data) and stops it
// at the end. Prints a summary; failures are saved under fuzz/corpus/failures/. Exit 0 = no problem,
// 1 = problems found, 2 = bad arguments.
import { FAILURES_DIR } from './corpus.ts';
import { DEFAULTS, fuzzBroker } from './fuzz-broker.ts';
import type { FuzzOptions, FuzzReport } from './fuzz-broker.ts';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const USAGE = `usage: node --import tsx fuzz/run.ts --seconds N [--seed S] [--url mqtt://host:port]
    [--store sqlite|memory] [--connections-per-second N] [--packets-per-second N] [--concurrency N]
    [--witness-rate N] [--deadline-ms N] [--no-save] [--json]`;

const NUMERIC: Record<string, keyof FuzzOptions> = {
  '--seconds': 'seconds', '--seed': 'seed', '--connections-per-second': 'connectionsPerSecond', '--packets-per-second': 'packetsPerSecond',
  '--concurrency': 'concurrency', '--witness-rate': 'witnessRate', '--deadline-ms': 'deadlineMs',
};

export function parseArgs(argv: readonly string[]): { options: FuzzOptions; json: boolean } {
  const o: Record<string, unknown> = { ...DEFAULTS, failuresDir: FAILURES_DIR, seed: Date.now() % 0xffffffff };
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag}: missing value\n${USAGE}`);
      return v;
    };
    const key = NUMERIC[flag];
    if (key !== undefined) {
      const raw = value();
      const n = Number(raw);
      const ok = key === 'seed' ? Number.isInteger(n) && n >= 0 && n <= 0xffffffff : n > 0 && Number.isFinite(n);
      if (!ok) throw new UsageError(`${flag}: expected ${key === 'seed' ? 'an integer 0..4294967295' : 'a positive number'}, got "${raw}"`);
      o[key] = n;
    } else if (flag === '--url') o.url = value();
    else if (flag === '--store') {
      const s = value();
      if (s !== 'sqlite' && s !== 'memory') throw new UsageError(`--store: expected sqlite or memory, got "${s}"`);
      o.store = s;
    } else if (flag === '--no-save') o.failuresDir = null;
    else if (flag === '--json') json = true;
    else if (flag === '--help' || flag === '-h') throw new UsageError(USAGE);
    else throw new UsageError(`${flag}: unknown flag\n${USAGE}`);
  }
  if (o.seconds === undefined) throw new UsageError(`--seconds N is required\n${USAGE}`);
  return { options: o as unknown as FuzzOptions, json };
}

export function summary(r: FuzzReport): string {
  const s = r.stats;
  const w = r.witness;
  const secs = s ? s.elapsedMs / 1000 : 0;
  const lines = [
    `fuzz seed ${r.seed} against ${r.target}`,
    s ? `  ${s.connections} connections (${(s.connections / secs).toFixed(0)}/s), ${s.packets} packets (${(s.packets / secs).toFixed(0)}/s), ${s.bytes} bytes in ${secs.toFixed(1)} s; broker closed ${s.closedByBroker}` : '  campaign did not run',
    s ? `  inputs: ${Object.entries(s.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}` : '',
    w ? `  witness: ${w.sent} sent, ${w.acked} acknowledged, ${w.received} received, ${w.lost.length} lost, ${w.late.length} late, ${w.unacked.length} unacknowledged; latency p50 ${w.latencyMs.p50.toFixed(1)} ms, p99 ${w.latencyMs.p99.toFixed(1)} ms, max ${w.latencyMs.max.toFixed(1)} ms` : '  witness: did not start',
    r.problems.length === 0 ? '  problems: none' : `  problems: ${r.problems.length}`,
    ...r.problems.map((p) => `    ${p.check}: ${p.detail.split('\n')[0]}`),
    ...r.saved.map((f) => `  saved ${f}`),
  ];
  return lines.filter((l) => l !== '').join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`fuzz: ${e.message}\n`); return 2; }
    throw e;
  }
  const report = await fuzzBroker({ ...parsed.options, log: (l) => process.stderr.write(`fuzz: ${l}\n`) });
  process.stdout.write(parsed.json ? `${JSON.stringify({ ...report, stats: report.stats && { ...report.stats, startedAt: undefined } }, null, 2)}\n` : `${summary(report)}\n`);
  return report.problems.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
