// `mqtt-conformance run`: resolve the target (launch the reference broker, or check the --url
// targets answer CONNACK), run the Gherkin suite with cucumber, write the reports, compare with a
// baseline, and return the exit code: 0 nothing required failed (or nothing regressed), 1 failures,
// 2 the run could not be made.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import {
  ProgressReporter, ScenarioCollector, baselineLines, baselineVerdict, buildReport, compareWithBaseline, formatComparison,
  loadBaseline, loadSpecTables, loadUntestable, summaryLines, writeBaselineFile, writeReports,
} from '../report/index.ts';
import type { ConformanceReport } from '../report/index.ts';
import {
  REPO_ROOT, ReferenceBrokerTarget, SPEC_DIR, TARGET_ENV, TargetStartError, TargetUnreachableError, UrlTarget, deriveUnsupported,
  encodeTarget, loadProfile, transportsOf,
} from '../target/index.ts';
import type { LaunchOptions, Profile, StartedTarget, Target, TargetSpec, UrlTargetOptions } from '../target/index.ts';
import { coverageReport } from './coverage.ts';
import { planSuite, runSuite, tagExpression } from './cucumber-suite.ts';

export interface RunOptions {
  urls: string[];
  profile?: string;
  tags?: string;
  parallel?: number;
  out: string;
  baseline?: string;
  baselineExact: boolean;
  /** Merge this run into this baseline file (created if absent): runs and pass rate per scenario. */
  writeBaseline?: string;
  username?: string;
  password?: string;
  ca?: string;
  coverage: boolean;
  timeScale: number;
  /** Feature globs relative to the repository root (default features/**\/*.feature). */
  features?: string[];
  /** Step/support globs relative to the repository root (default steps/**\/*.ts). */
  imports?: string[];
  /** Command to launch instead of the reference broker CLI (tests); see LaunchOptions.command. */
  brokerCommand?: string[];
  /** Extra flags for the launched reference broker's CLI (--broker-arg, repeatable). */
  brokerArgs?: string[];
}

export interface RunIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

class RunAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunAbort';
  }
}

const DEFAULT_FEATURES = ['features/**/*.feature'];
const DEFAULT_IMPORTS = ['steps/**/*.ts'];

/** The fixed leading directory of a glob (features/**\/*.feature → features). */
export function globRoot(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const p of parts) {
    if (/[*?[{]/.test(p) || p.endsWith('.feature')) break;
    fixed.push(p);
  }
  return fixed.join('/') || '.';
}

export async function runConformance(options: RunOptions, io: RunIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const say = (line: string): void => { io.stdout.write(`${line}\n`); };
  const fail = (line: string): number => { io.stderr.write(`mqtt-conformance run: ${line}\n`); return 2; };
  const started = new Date();
  const reference = options.urls.length === 0;
  const outDir = resolve(options.out);
  if (options.coverage && !reference) return fail('--coverage needs the launched reference broker; it cannot be used with --url');
  if (options.baselineExact && options.baseline === undefined) return fail('--baseline-exact needs --baseline FILE');
  if ((options.username === undefined) !== (options.password === undefined)) return fail('give --username and --password together');

  let profile: Profile;
  let baseline: ConformanceReport | undefined;
  try {
    profile = loadProfile(options.profile ?? (reference ? 'reference' : 'default'));
    if (!reference) transportsOf(options.urls); // throws TargetError naming a bad --url
    if (options.ca !== undefined && !existsSync(options.ca)) throw new RunAbort(`--ca ${options.ca}: no such file`);
    if (options.baseline !== undefined) baseline = loadBaseline(options.baseline);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (options.username !== undefined && options.password !== undefined && profile.auth === undefined) {
    profile = { ...profile, auth: { username: options.username, password: options.password } };
  }

  const features = options.features ?? DEFAULT_FEATURES;
  const suite = {
    cwd: REPO_ROOT,
    features,
    imports: options.imports ?? DEFAULT_IMPORTS,
    tags: tagExpression(profile.protocolVersions, options.tags),
    parallel: options.parallel ?? availableParallelism(),
    messagesFile: join(outDir, 'messages.ndjson'),
  };
  let planned: number;
  try {
    planned = (await planSuite(suite)).length;
  } catch (error) {
    return fail((error as Error).message);
  }
  if (planned === 0) return fail(`no scenarios matched (features ${features.join(', ')}, tags ${suite.tags})`);

  const runId = randomBytes(4).toString('hex');
  let running: StartedTarget | undefined;
  let coverageTmp: string | undefined;
  const onSignal = (): void => { void running?.stop().finally(() => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Resolve the target: launch the reference broker, or check that every --url answers.
    if (reference && options.coverage) coverageTmp = mkdtempSync(join(tmpdir(), 'mqttc-cov-'));
    const target = targetOf(options, profile, runId, coverageTmp);
    try {
      running = await target.start();
    } catch (error) {
      if (error instanceof TargetUnreachableError || error instanceof TargetStartError) return fail(error.message);
      throw error;
    }
    if (reference) say(`Reference broker started (pid ${running.pid ?? '?'}): ${running.urls.join(' ')}`);
    const spec: TargetSpec = {
      urls: [...running.urls], transports: { ...running.transports }, profile: deriveUnsupported(running.profile, running.transports),
      reference, runId, timeScale: options.timeScale,
    };
    const ca = options.ca ?? running.caFile;
    if (ca !== undefined) spec.caFile = resolve(ca);
    if (options.username !== undefined) spec.username = options.username;
    if (options.password !== undefined) spec.password = options.password;

    // Run the suite; workers inherit the target through the environment.
    process.env[TARGET_ENV] = encodeTarget(spec);
    if (!(process.env['NODE_OPTIONS'] ?? '').includes('--import tsx')) {
      process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import tsx`.trim();
    }
    mkdirSync(outDir, { recursive: true });
    say(`Running ${planned} scenarios against ${spec.urls[0] ?? '?'} (profile ${spec.profile.name}, tags ${suite.tags}, ` +
      `parallel ${suite.parallel}, run ${runId})`);
    const collector = new ScenarioCollector();
    const progress = new ProgressReporter(planned, io.stdout);
    try {
      await runSuite(suite, (envelope) => {
        const result = collector.add(envelope);
        if (result !== undefined) progress.update(result);
      });
    } catch (error) {
      return fail(`cucumber could not run the suite: ${(error as Error).message}`);
    }
    progress.finish();
    if (collector.results.length === 0) {
      return fail(`cucumber ran no scenarios${collector.runError !== undefined ? `: ${collector.runError}` : ''}`);
    }
    if (collector.runError !== undefined) io.stderr.write(`cucumber reported: ${collector.runError}\n`);

    // Stop the broker before the reports so coverage data is complete.
    const stopped = await running.stop();
    if (reference && stopped.code !== 0) io.stderr.write(`reference broker exited with code ${stopped.code} signal ${stopped.signal}\n`);

    const specRows = loadSpecTables(SPEC_DIR, spec.profile.protocolVersions);
    const untestable = new Map<string, Map<string, string>>();
    for (const root of new Set(features.map(globRoot))) {
      for (const [v, m] of loadUntestable(join(REPO_ROOT, root))) {
        const into = untestable.get(v) ?? new Map<string, string>();
        for (const [id, reason] of m) into.set(id, reason);
        untestable.set(v, into);
      }
    }
    const report = buildReport({
      target: { urls: spec.urls, profile: spec.profile.name, protocolVersions: spec.profile.protocolVersions, reference },
      scenarios: collector.results,
      startedAt: started,
      durationMs: Date.now() - started.getTime(),
      runId,
      spec: specRows,
      untestable,
    });
    let exitCode = report.totals.requiredFailed > 0 ? 1 : 0;
    const comparison = baseline === undefined ? undefined : compareWithBaseline(baseline, report, options.baselineExact);
    if (comparison !== undefined) {
      report.baseline = baselineVerdict(options.baseline ?? '', comparison, options.baselineExact);
      exitCode = comparison.exitCode;
    }
    const files = writeReports(outDir, report, specRows);
    printSummary(report, say);
    if (comparison !== undefined && report.baseline !== undefined) {
      say(baselineLines(report.baseline)[0] ?? '');
      for (const line of formatComparison(comparison, options.baselineExact)) say(`  ${line}`);
    }
    if (options.writeBaseline !== undefined) {
      const written = writeBaselineFile(options.writeBaseline, report);
      say(`Baseline written: ${rel(options.writeBaseline)} (up to ${written.maxRuns} run(s) per scenario, ${written.flaky} flaky)`);
    }
    if (coverageTmp !== undefined) {
      try {
        const cov = await coverageReport(coverageTmp, outDir);
        say(`Broker coverage: lines ${cov.linesPct}% (${cov.covered}/${cov.total}) — ${rel(join(cov.reportDir, 'index.html'))}`);
      } catch (error) {
        io.stderr.write(`coverage report failed: ${(error as Error).message}\n`);
      }
    }
    say(`Reports: ${rel(files.html)} ${rel(files.json)} ${rel(files.junit)} ${rel(files.summary)} ${rel(suite.messagesFile)}`);
    return exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await running?.stop();
    if (coverageTmp !== undefined) rmSync(coverageTmp, { recursive: true, force: true });
  }
}

/** The target of a run: the launched reference broker (no --url), or the --url brokers. */
function targetOf(options: RunOptions, profile: Profile, runId: string, coverageDir: string | undefined): Target {
  if (options.urls.length === 0) {
    const launch: LaunchOptions = { profile, readyTimeoutMs: 30_000 * options.timeScale };
    if (coverageDir !== undefined) launch.coverageDir = coverageDir;
    if (options.brokerCommand !== undefined) launch.command = options.brokerCommand;
    if (options.brokerArgs !== undefined) launch.brokerArgs = options.brokerArgs;
    return new ReferenceBrokerTarget(launch);
  }
  const url: UrlTargetOptions = { urls: options.urls, profile, deadlineMs: Math.round(5000 * options.timeScale), clientId: `mqttc-${runId}-reach` };
  const creds = options.username !== undefined ? { username: options.username, password: options.password ?? '' }
    : profile.anonymousRefused === true ? profile.auth : undefined;
  if (creds !== undefined) { url.username = creds.username; url.password = creds.password; }
  if (options.ca !== undefined) url.caFile = options.ca;
  return new UrlTarget(url);
}

const rel = (file: string): string => {
  const r = relative(process.cwd(), file);
  return r.startsWith('..') ? file : r;
};

export function printSummary(report: ConformanceReport, say: (line: string) => void): void {
  for (const line of summaryLines(report)) say(line);
}
