// Coverage of the launched reference broker: the broker runs with NODE_V8_COVERAGE=<tmp>; after it
// exits, c8 turns the V8 data (mapped back to the .ts sources through tsx's source maps) into
// <out>/coverage (html, text-summary, json-summary).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../target/index.ts';

export interface CoverageSummary {
  /** Percentage of broker lines run, e.g. 83.4. */
  linesPct: number;
  covered: number;
  total: number;
  reportDir: string;
  /** c8's text-summary output. */
  text: string;
}

export class CoverageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoverageError';
  }
}

export function c8Args(tempDir: string, reportDir: string): string[] {
  return [
    'report', '--temp-directory', tempDir, '--reports-dir', reportDir,
    '--include', 'broker/**', '--exclude', '**/*.test.ts', '--exclude', 'broker/test/**',
    '-r', 'html', '-r', 'text-summary', '-r', 'json-summary',
  ];
}

export async function coverageReport(tempDir: string, outDir: string): Promise<CoverageSummary> {
  const reportDir = join(outDir, 'coverage');
  const c8 = join(REPO_ROOT, 'node_modules', 'c8', 'bin', 'c8.js');
  if (!existsSync(c8)) throw new CoverageError(`c8 is not installed (${c8} missing)`);
  const env = { ...process.env };
  delete env['NODE_V8_COVERAGE'];
  const child = spawn(process.execPath, [c8, ...c8Args(tempDir, reportDir)], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { out += c; });
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  if (code !== 0) throw new CoverageError(`c8 report exited with ${code}: ${out.trim()}`);
  const summaryFile = join(reportDir, 'coverage-summary.json');
  if (!existsSync(summaryFile)) throw new CoverageError(`c8 wrote no ${summaryFile}: ${out.trim()}`);
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { total?: { lines?: { pct?: number; covered?: number; total?: number } } };
  const lines = summary.total?.lines ?? {};
  return {
    linesPct: typeof lines.pct === 'number' ? lines.pct : 0,
    covered: lines.covered ?? 0,
    total: lines.total ?? 0,
    reportDir,
    text: out.trim(),
  };
}
