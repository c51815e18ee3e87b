// Runs the conformance suite against real brokers no one here wrote — Debian's Mosquitto (configured as
// fixtures/mosquitto/ says, profile `mosquitto-fixture`) and Aedes from npm — and compares each run with
// its committed baseline (fixtures/baselines/NAME.json): any difference in either direction fails, so a
// baseline always says what the broker really does. The brokers are started through harness/target.
//   node --import tsx scripts/real-brokers.ts [mosquitto] [aedes] [--update-baselines]
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { AedesTarget, MosquittoTarget, REPO_ROOT, TargetStartError } from '../harness/target/index.ts';
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

async function runOne(name: string, update: boolean): Promise<number> {
  const broker = REAL_BROKERS[name]!;
  const baseline = join(FIXTURES, 'baselines', `${name}.json`);
  if (!update && !existsSync(baseline)) {
    console.error(`${name}: no baseline at ${baseline}; create it with --update-baselines after checking every failure against the spec`);
    return 1;
  }
  let started;
  try {
    started = await broker.target().start();
  } catch (error) {
    if (error instanceof TargetStartError) { console.error(error.message); return 2; }
    throw error;
  }
  try {
    const out = join(REPO_ROOT, 'reports', name);
    const args = ['bin/mqtt-conformance.js', 'run', '--profile', broker.profile, '--out', out];
    if (started.caFile !== undefined) args.push('--ca', started.caFile);
    for (const url of started.urls) args.push('--url', url);
    if (!update) args.push('--baseline', baseline, '--baseline-exact');
    console.log(`\n== ${name}: ${started.description}: ${started.urls.join(' ')}`);
    // Not spawnSync: this process keeps draining the broker's stderr while the suite runs.
    const status = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' }).once('close', (code) => resolve(code));
    });
    if (update && existsSync(join(out, 'conformance.json'))) {
      copyFileSync(join(out, 'conformance.json'), baseline);
      console.log(`${name}: baseline written to ${baseline}`);
      return status === 2 ? 2 : 0;
    }
    return status ?? 2;
  } finally {
    await started.stop();
  }
}

const argv = process.argv.slice(2);
const update = argv.includes('--update-baselines');
const names = argv.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in REAL_BROKERS));
if (unknown.length > 0) {
  console.error(`unknown broker ${unknown.join(', ')}: choose from ${Object.keys(REAL_BROKERS).join(', ')}`);
  process.exit(2);
}
let worst = 0;
for (const name of names.length > 0 ? names : Object.keys(REAL_BROKERS)) {
  const code = await runOne(name, update);
  console.log(`${name}: ${code === 0 ? 'matches its baseline' : code === 1 ? 'DIFFERS from its baseline (or failed)' : 'could not be run'}`);
  worst = Math.max(worst, code);
}
process.exit(worst);
