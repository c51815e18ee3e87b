// Runs the conformance suite as a child process (run-row.ts: `mqtt-conformance run` in one process)
// with a deadline, and reads back its conformance.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport } from '../report/types.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The parts of conformance.json the controls read (harness/report/types.ts, issue 7's attribution fields). */
export type SuiteReport = Pick<ConformanceReport, 'totals' | 'scenarios' | 'statements'> & Partial<Pick<ConformanceReport, 'statementTotals'>>;
export type ReportedScenario = SuiteReport['scenarios'][number];
export type ReportedStatement = SuiteReport['statements'][number];

export interface SuiteRun {
  exitCode: number | null;
  durationMs: number;
  out: string;
  /** undefined when the run wrote no conformance.json (e.g. exit 2: no scenario matched). */
  report: SuiteReport | undefined;
  /** The last lines of the run's stdout and stderr, for failure messages. */
  output: string;
}

export class SuiteTimeoutError extends Error {
  constructor(readonly tags: string, readonly ms: number) {
    super(`conformance run (--tags "${tags}") did not finish within ${ms} ms`);
    this.name = 'SuiteTimeoutError';
  }
}

export interface RunOptions {
  /** Target URLs (mqtt://, mqtts://, ws://, wss://), e.g. one fault proxy per transport. */
  urls: readonly string[];
  /** CA for the mqtts:// and wss:// URLs. */
  ca?: string;
  /** Feature files relative to the repository root (default: all). */
  features?: readonly string[];
  /** Cucumber tag expression (default: every scenario). */
  tags?: string;
  profile?: string;
  parallel?: number;
  deadlineMs?: number;
}

export async function runSuite(options: RunOptions): Promise<SuiteRun> {
  const out = mkdtempSync(join(tmpdir(), 'negative-control-'));
  // run-row.ts: runConformance in one process (parallel 0: cucumber in-process, no worker start-up).
  const row: Record<string, unknown> = {
    urls: options.urls,
    profile: options.profile ?? 'reference',
    out,
    parallel: options.parallel ?? 0,
  };
  if (options.tags !== undefined) row['tags'] = options.tags;
  if (options.ca !== undefined) row['ca'] = options.ca;
  if (options.features !== undefined) row['features'] = options.features;
  const args = ['--import', 'tsx', join(REPO_ROOT, 'harness/controls/run-row.ts'), JSON.stringify(row)];
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n'));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const deadlineMs = options.deadlineMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new SuiteTimeoutError(options.tags ?? '(all)', deadlineMs));
    }, deadlineMs);
    child.once('exit', (code) => resolve(code));
  }).finally(() => clearTimeout(timer));
  const file = join(out, 'conformance.json');
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SuiteReport) : undefined;
  return { exitCode, durationMs: Date.now() - started, out, report, output: lines.slice(-40).join('\n') };
}
