// Everything `npm run fuzz` does in one bounded run of `seconds`: the broker campaign (80 % of the
// time), then the framer/parser alone (10 %), then the harness's probe against garbage (10 %).
// Each phase's failures are saved to the corpus (unless failuresDir is null).
import { saveParserFailure, saveProbeFailure } from './corpus.ts';
import { fuzzBroker } from './fuzz-broker.ts';
import type { FuzzOptions, FuzzReport } from './fuzz-broker.ts';
import { runParserFuzz } from './parser-fuzz.ts';
import type { ParserFuzzResult } from './parser-fuzz.ts';
import { runProbeFuzz } from './probe-fuzz.ts';
import type { ProbeFuzzResult } from './probe-fuzz.ts';

export type Phase = 'broker' | 'parser' | 'probe';
export const PHASES: readonly Phase[] = ['broker', 'parser', 'probe'];

export interface AllOptions extends FuzzOptions {
  phases: readonly Phase[];
}

export interface AllReport {
  broker: FuzzReport | null;
  parser: (ParserFuzzResult & { saved: string[] }) | null;
  probe: (ProbeFuzzResult & { saved: string[] }) | null;
  /** Problems of all phases, one line each. */
  problems: string[];
}

const SHARE: Record<Phase, number> = { broker: 0.8, parser: 0.1, probe: 0.1 };

export async function fuzzAll(options: AllOptions): Promise<AllReport> {
  const total = options.phases.reduce((n, p) => n + SHARE[p], 0);
  const secondsFor = (p: Phase): number => Math.max(1, (options.seconds * SHARE[p]) / total);
  const report: AllReport = { broker: null, parser: null, probe: null, problems: [] };
  const found = new Date().toISOString();
  if (options.phases.includes('broker')) {
    report.broker = await fuzzBroker({ ...options, seconds: secondsFor('broker') });
    report.problems.push(...report.broker.problems.map((p) => `broker ${p.check}: ${p.detail.split('\n')[0]}`));
  }
  if (options.phases.includes('parser')) {
    const r = await runParserFuzz({ seed: options.seed, seconds: secondsFor('parser') });
    const saved = options.failuresDir === null ? [] : r.findings.map((f) => saveParserFailure({ ...f, found }, options.failuresDir!));
    report.parser = { ...r, saved };
    report.problems.push(...r.findings.map((f) => `parser ${f.check} (input ${f.index}): ${f.detail.split('\n')[0]}`));
  }
  if (options.phases.includes('probe')) {
    const r = await runProbeFuzz({ seed: options.seed, seconds: secondsFor('probe') });
    const saved = options.failuresDir === null ? [] : r.findings.map((f) => saveProbeFailure({ ...f, found }, options.failuresDir!));
    report.probe = { ...r, saved };
    report.problems.push(...r.findings.map((f) => `probe ${f.check} (case ${f.index}, ${f.case.plan.behaviour}): ${f.detail.split('\n')[0]}`));
  }
  return report;
}
