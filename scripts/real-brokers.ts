// Runs the conformance suite against real brokers no one here wrote — Debian's Mosquitto (configured as
// fixtures/mosquitto/ says, profile `mosquitto-fixture`) and Aedes from npm — and compares each run with
// its committed baseline (fixtures/baselines/NAME.json): any difference in either direction fails, so a
// baseline always says what the broker really does. The brokers are started through harness/target.
//   node --import tsx scripts/real-brokers.ts [mosquitto] [aedes] [--update-baselines] [--runs N]
// --update-baselines writes a fresh baseline merged from N runs (default 1; more runs measure which
// scenarios are flaky); without it each of the N runs is gated on the baseline (exact).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AedesTarget, MosquittoTarget, REPO_ROOT, TargetStartError } from '../harness/target/index.ts';
import type { ConformanceReport } from '../harness/report/index.ts';
import type { Target } from '../harness/target/index.ts';

const FIXTURES = join(REPO_ROOT, 'fixtures');

interface RealBroker {
  target: () => Target;
  /** The profile the suite runs with (it describes the broker as the target starts it). */
  profile: string;
}

const REAL_BROKERS: Record<string, RealBroker> = {
  mosquitto: { target: () => new MosquittoTarget({ setup: { kind: 'fixture' }, stderr: process.stderr }), profile: 'mosquitto-fixture' },
  aedes: { target: () => new AedesTarget({ stderr: process.stderr }), profile: 'aedes' },
};

interface RunResult { code: number; verdict?: string }

/** One run of the suite on a freshly started broker; `update` merges it into the baseline instead of gating on it. */
async function runOne(name: string, update: boolean, run: number): Promise<RunResult> {
  const broker = REAL_BROKERS[name]!;
  const baseline = baselineFile(name, update);
  if (!update && !existsSync(baseline)) {
    console.error(`${name}: no baseline at ${baseline}; create it with --update-baselines after checking every failure against the spec`);
    return { code: 1 };
  }
  let started;
  try {
    started = await broker.target().start();
  } catch (error) {
    if (error instanceof TargetStartError) { console.error(error.message); return { code: 2 }; }
    throw error;
  }
  try {
    const out = join(REPO_ROOT, 'reports', name);
    const args = ['bin/mqtt-conformance.js', 'run', '--profile', broker.profile, '--out', out];
    if (started.caFile !== undefined) args.push('--ca', started.caFile);
    for (const url of started.urls) args.push('--url', url);
    // Updating merges each run into the baseline: runs, pass rate and flaky marks per scenario.
    if (update) args.push('--write-baseline', baseline);
    else args.push('--baseline', baseline, '--baseline-exact');
    console.log(`\n== ${name}${runs > 1 ? ` (run ${run}/${runs})` : ''}: ${started.description}: ${started.urls.join(' ')}`);
    // Not spawnSync: this process keeps draining the broker's stderr while the suite runs.
    const status = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' }).once('close', (code) => resolve(code));
    });
    const verdict = verdictLine(join(out, 'conformance.json'));
    if (update) return { code: status === 2 ? 2 : 0, ...(verdict !== undefined ? { verdict } : {}) };
    return { code: status ?? 2, ...(verdict !== undefined ? { verdict } : {}) };
  } finally {
    await started.stop();
  }
}

/** The committed baseline, or (updating) the file the runs are merged into before it replaces it. */
function baselineFile(name: string, update: boolean): string {
  return join(FIXTURES, 'baselines', `${name}.json${update ? '.new' : ''}`);
}

/** The run's totals and baseline verdict, one line, to compare runs at a glance. */
function verdictLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  const st = r.statementTotals as ConformanceReport['statementTotals'] & { notReached?: number };
  const b = r.baseline;
  return `scenarios ${r.totals.passed} passed / ${r.totals.failed} failed / ${r.totals.notApplicable} n/a; ` +
    `statements ${st.passed} passed / ${st.failed} failed / ${st.notReached ?? 0} not reached` +
    (b === undefined ? '' : `; baseline ${b.verdict} (new failures ${b.newFailures.length}, fixed ${b.fixed.length}, flaky ${b.flaky.length})`);
}

function option(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const argv = process.argv.slice(2);
const update = argv.includes('--update-baselines');
const runsRaw = option('runs') ?? '1';
if (!/^\d+$/.test(runsRaw) || Number(runsRaw) < 1) {
  console.error(`--runs must be an integer ≥ 1 (got "${runsRaw}")`);
  process.exit(2);
}
const runs = Number(runsRaw);
const names = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
const unknown = names.filter((n) => !(n in REAL_BROKERS));
if (unknown.length > 0) {
  console.error(`unknown broker ${unknown.join(', ')}: choose from ${Object.keys(REAL_BROKERS).join(', ')}`);
  process.exit(2);
}
let worst = 0;
for (const name of names.length > 0 ? names : Object.keys(REAL_BROKERS)) {
  const baseline = baselineFile(name, false);
  // A fresh baseline from these runs only, put in place of the earlier one when every run was made.
  if (update) rmSync(baselineFile(name, true), { force: true });
  const verdicts: string[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = await runOne(name, update, run);
    verdicts.push(`${name} run ${run}: exit ${result.code}${result.verdict !== undefined ? ` — ${result.verdict}` : ''}`);
    worst = Math.max(worst, result.code);
    if (result.code === 2) break;
  }
  console.log(`\n${verdicts.join('\n')}`);
  const code = Math.max(...verdicts.map((v) => Number(/exit (\d+)/.exec(v)?.[1] ?? 2)));
  if (update && code === 0) renameSync(baselineFile(name, true), baseline);
  console.log(`${name}: ${update ? (code === 0 ? `baseline written to ${baseline} from ${verdicts.length} run(s)` : 'could not be run')
    : code === 0 ? 'matches its baseline' : code === 1 ? 'DIFFERS from its baseline (or failed)' : 'could not be run'}`);
}
process.exit(worst);
