// How often each timing-judged scenario passes against an unchanged broker: runs the suite (default
// `--tags @timing`) N times against one target, each run on a freshly started broker, and prints each
// scenario's pass count (and which scenarios changed status between runs).
//   node --import tsx scripts/flake-rate.ts reference|mosquitto|mosquitto-fixture|aedes [--runs 20]
//     [--tags EXPR] [--parallel N] [--out DIR] [--json FILE]
// Run it with `nice` on a shared machine; a loaded machine is part of what it measures, so say so with the figures.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConformanceReport } from '../harness/report/types.ts';
import { REPO_ROOT, TARGET_NAMES, TargetStartError, isTargetName, namedTarget } from '../harness/target/index.ts';
import type { TargetName } from '../harness/target/index.ts';
import { tallyMarkdown, tallyRuns } from './flake-tally.ts';

const PROFILES: Record<TargetName, string> = {
  reference: 'reference', mosquitto: 'mosquitto', 'mosquitto-fixture': 'mosquitto-fixture', aedes: 'aedes',
};

interface Options { target: TargetName; runs: number; tags: string; parallel?: number; out: string; keepOut: boolean; json?: string }

function usage(message: string): never {
  process.stderr.write(`flake-rate: ${message}\nusage: node --import tsx scripts/flake-rate.ts ${TARGET_NAMES.join('|')} [--runs N] [--tags EXPR] [--parallel N] [--out DIR] [--json FILE]\n`);
  process.exit(2);
}

function parse(argv: string[]): Options {
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) { positionals.push(a); continue; }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (!['runs', 'tags', 'parallel', 'out', 'json'].includes(name)) usage(`unknown option --${name}`);
    if (value === undefined || value === '') usage(`--${name} needs a value`);
    flags.set(name, value);
  }
  const target = positionals[0];
  if (target === undefined || positionals.length > 1) usage('give exactly one target');
  if (!isTargetName(target)) usage(`unknown target "${target}" (choose from ${TARGET_NAMES.join(', ')})`);
  const int = (name: string, fallback: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) usage(`--${name} must be an integer ≥ 1 (got "${raw}")`);
    return Number(raw);
  };
  const options: Options = {
    target, runs: int('runs', 20), tags: flags.get('tags') ?? '@timing',
    out: resolve(flags.get('out') ?? join(tmpdir(), `mqttc-flake-${target}-${process.pid}`)),
    keepOut: flags.has('out'),
  };
  if (flags.has('parallel')) options.parallel = int('parallel', 1);
  if (flags.has('json')) options.json = resolve(flags.get('json')!);
  return options;
}

/** One run on a freshly started broker; resolves to its report. */
async function runOnce(options: Options, index: number): Promise<ConformanceReport> {
  const started = await namedTarget(options.target).start();
  try {
    const out = join(options.out, `run-${String(index + 1).padStart(2, '0')}`);
    const args = ['bin/mqtt-conformance.js', 'run', '--profile', PROFILES[options.target], '--tags', options.tags, '--out', out];
    if (options.parallel !== undefined) args.push('--parallel', String(options.parallel));
    if (started.caFile !== undefined) args.push('--ca', started.caFile);
    for (const url of started.urls) args.push('--url', url);
    // Asynchronous, so this process keeps draining the broker's output while the suite runs.
    const code = await new Promise<number | null>((done) => {
      spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).once('close', done);
    });
    if (code === 2) throw new Error(`run ${index + 1} could not be made (exit 2); see the lines above`);
    return JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as ConformanceReport;
  } finally {
    await started.stop();
  }
}

const options = parse(process.argv.slice(2));
mkdirSync(options.out, { recursive: true });
const started = Date.now();
const reports: ConformanceReport[] = [];
try {
  for (let i = 0; i < options.runs; i++) {
    const report = await runOnce(options, i);
    reports.push(report);
    const t = report.totals;
    process.stderr.write(`run ${i + 1}/${options.runs}: ${t.passed} passed, ${t.failed} failed, ${t.notApplicable} n/a (load ${loadavg()[0]!.toFixed(2)})\n`);
  }
} catch (error) {
  process.stderr.write(`flake-rate: ${error instanceof TargetStartError ? error.message : (error as Error).message}\n`);
  if (reports.length === 0) process.exit(2);
  process.stderr.write(`flake-rate: reporting the ${reports.length} runs that were made\n`);
}
const tally = tallyRuns(reports);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
process.stdout.write(`## Flake rate: ${options.target}, tags ${options.tags}, ${tally.runs} runs in ${minutes} min ` +
  `(${cpus().length} CPUs, load ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end)\n\n${tallyMarkdown(tally, options.target)}\n\n`);
for (const t of tally.scenarios.filter((x) => x.failures.length > 0)) {
  for (const f of t.failures) process.stdout.write(`- ${t.name}: ${f.count}× ${f.message}\n`);
}
process.stdout.write(tally.flaky.length === 0 ? `\nIdentical verdicts in all ${tally.runs} runs.\n` : `\nFlaky (status changed between runs): ${tally.flaky.join(', ')}\n`);
if (options.json !== undefined) {
  writeFileSync(options.json, `${JSON.stringify({ target: options.target, tags: options.tags, date: new Date(started).toISOString(), minutes: Number(minutes), ...tally }, null, 2)}\n`);
}
if (!options.keepOut) rmSync(options.out, { recursive: true, force: true });
