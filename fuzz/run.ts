// `node --import tsx fuzz/run.ts --seconds N --seed S [--url mqtt://host:port]` (npm run fuzz -- …).
// Without --url it launches the reference broker (own process, free port, throwaway data) and stops it
// at the end. The N seconds go 80 % to the broker, 10 % to the framer/parser alone, 10 % to the probe
// against a garbage broker (--only broker,parser,probe picks phases). Prints a summary; failures are
// saved under fuzz/corpus/failures/. Exit 0 = no problem, 1 = problems found, 2 = bad arguments.
import { FAILURES_DIR } from './corpus.ts';
import { parseEndpoint } from './send.ts';
import { DEFAULTS } from './fuzz-broker.ts';
import type { FuzzReport } from './fuzz-broker.ts';
import { fuzzAll, PHASES } from './fuzz-all.ts';
import type { AllOptions, AllReport, Phase } from './fuzz-all.ts';

export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/** --help: the usage, on stdout, exit 0. */
export class HelpRequested extends UsageError {
  override readonly name = 'HelpRequested';
}

const USAGE = `usage: node --import tsx fuzz/run.ts --seconds N [--seed S] [--url mqtt://host:port] [--ws-url ws://host:port/mqtt | --no-ws]
    [--store sqlite|memory] [--connections-per-second N] [--packets-per-second N] [--concurrency N]
    [--witness-rate N] [--witness-window N] [--deadline-ms N] [--max-rss-mb N] [--trickle-kb N] [--only broker,parser,probe] [--no-save] [--json]`;

const NUMERIC: Record<string, keyof AllOptions> = {
  '--seconds': 'seconds', '--seed': 'seed', '--connections-per-second': 'connectionsPerSecond', '--packets-per-second': 'packetsPerSecond',
  '--concurrency': 'concurrency', '--witness-rate': 'witnessRate', '--witness-window': 'witnessWindow', '--deadline-ms': 'deadlineMs', '--max-rss-mb': 'maxRssMb', '--trickle-kb': 'trickleKb',
};

export function parseArgs(argv: readonly string[]): { options: AllOptions; json: boolean } {
  const o: Record<string, unknown> = { ...DEFAULTS, failuresDir: FAILURES_DIR, seed: Date.now() % 0xffffffff, phases: PHASES };
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
    } else if (flag === '--url') {
      const u = value();
      try {
        parseEndpoint(u);
      } catch (e) {
        throw new UsageError(`--url: ${(e as Error).message.replace(/^--url: /, '')}`);
      }
      o.url = u;
    }
    else if (flag === '--ws-url') {
      const u = value();
      if (!u.startsWith('ws://')) throw new UsageError(`--ws-url: expected a ws://host:port/path URL, got "${u}"`);
      o.wsUrl = u;
    } else if (flag === '--no-ws') o.websocket = false;
    else if (flag === '--store') {
      const s = value();
      if (s !== 'sqlite' && s !== 'memory') throw new UsageError(`--store: expected sqlite or memory, got "${s}"`);
      o.store = s;
    } else if (flag === '--only') {
      const list = value().split(',').filter((x) => x !== '');
      const bad = list.filter((x) => !(PHASES as readonly string[]).includes(x));
      if (bad.length > 0 || list.length === 0) throw new UsageError(`--only: expected a comma-separated list of ${PHASES.join(', ')}, got "${list.join(',')}"`);
      o.phases = list as Phase[];
    } else if (flag === '--no-save') o.failuresDir = null;
    else if (flag === '--json') json = true;
    else if (flag === '--help' || flag === '-h') throw new HelpRequested(USAGE);
    else throw new UsageError(`${flag}: unknown flag\n${USAGE}`);
  }
  if (o.seconds === undefined) throw new UsageError(`--seconds N is required\n${USAGE}`);
  return { options: o as unknown as AllOptions, json };
}

export function brokerSummary(r: FuzzReport): string {
  const s = r.stats;
  const w = r.witness;
  const secs = s ? s.elapsedMs / 1000 : 0;
  const lines = [
    `fuzz seed ${r.seed} against ${r.target}`,
    s ? `  ${s.connections} connections (${(s.connections / secs).toFixed(0)}/s), ${s.packets} packets (${(s.packets / secs).toFixed(0)}/s), ${s.bytes} bytes in ${secs.toFixed(1)} s; broker closed ${s.closedByBroker}` : '  campaign did not run',
    s ? `  over WebSocket: ${s.websocket} connections` : '',
    s ? `  inputs: ${Object.entries(s.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}` : '',
    w ? `  witness: ${w.sent} sent, ${w.acked} acknowledged, ${w.received} received, ${w.lost.length} lost, ${w.late.length} late, ${w.unacked.length} unacknowledged; latency p50 ${w.latencyMs.p50.toFixed(1)} ms, p99 ${w.latencyMs.p99.toFixed(1)} ms, max ${w.latencyMs.max.toFixed(1)} ms` : '  witness: did not start',
    r.peakRssMb !== null ? `  broker peak resident memory ${r.peakRssMb.toFixed(0)} MB` : '',
    r.problems.length === 0 ? '  problems: none' : `  problems: ${r.problems.length}`,
    ...r.problems.map((p) => `    ${p.check}: ${p.detail.split('\n')[0]}`),
    ...r.saved.map((f) => `  saved ${f}`),
  ];
  return lines.filter((l) => l !== '').join('\n');
}

export function summary(r: AllReport): string {
  const out: string[] = [];
  if (r.broker) out.push(brokerSummary(r.broker));
  if (r.parser) {
    out.push(`parser/framer alone: ${r.parser.iterations} streams in ${(r.parser.elapsedMs / 1000).toFixed(1)} s, ${r.parser.findings.length} finding(s)`);
    out.push(...r.parser.findings.map((f) => `    ${f.check} (input ${f.index}): ${f.detail.split('\n')[0]}`), ...r.parser.saved.map((f) => `  saved ${f}`));
  }
  if (r.probe) {
    out.push(`probe against garbage: ${r.probe.sessions} sessions in ${(r.probe.elapsedMs / 1000).toFixed(1)} s (${Object.entries(r.probe.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}), ${r.probe.findings.length} finding(s)`);
    out.push(...r.probe.findings.map((f) => `    ${f.check} (case ${f.index}, ${f.case.plan.behaviour}): ${f.detail.split('\n')[0]}`), ...r.probe.saved.map((f) => `  saved ${f}`));
  }
  out.push(r.problems.length === 0 ? 'result: no problem found' : `result: ${r.problems.length} problem(s)`);
  return out.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    if (e instanceof HelpRequested) { process.stdout.write(`${e.message}\n`); return 0; }
    if (e instanceof UsageError) { process.stderr.write(`fuzz: ${e.message}\n`); return 2; }
    throw e;
  }
  const report = await fuzzAll({ ...parsed.options, log: (l) => process.stderr.write(`fuzz: ${l}\n`) });
  const forJson = { ...report, broker: report.broker && { ...report.broker, stats: report.broker.stats && { ...report.broker.stats, startedAt: undefined } } };
  process.stdout.write(parsed.json ? `${JSON.stringify(forJson, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : (v as { type?: string; data?: number[] })?.type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('hex') : v), 2)}\n` : `${summary(report)}\n`);
  return report.problems.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
