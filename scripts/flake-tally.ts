// Tallies the scenario statuses of several conformance.json reports of the same suite against the same
// broker: per scenario, how many runs passed, failed, or were not applicable, and the distinct first
// lines of its failure messages. A scenario whose status is not the same in every run is flaky.
import type { ConformanceReport, ScenarioStatus } from '../harness/report/types.ts';

export interface ScenarioTally {
  /** feature:line, the scenario's identity across runs. */
  key: string;
  name: string;
  feature: string;
  line?: number;
  runs: number;
  passed: number;
  failed: number;
  notApplicable: number;
  /** First line of each distinct failure message, with how often it came. */
  failures: { message: string; count: number }[];
}

export interface FlakeTally {
  runs: number;
  scenarios: ScenarioTally[];
  /** Keys of the scenarios whose status differed between runs. */
  flaky: string[];
  /** Scenario-level verdict per run (passed/failed counts), to see whether the runs agree. */
  verdicts: { passed: number; failed: number; notApplicable: number }[];
}

const COUNTER: Record<ScenarioStatus, 'passed' | 'failed' | 'notApplicable'> = { passed: 'passed', failed: 'failed', 'not-applicable': 'notApplicable' };

export function tallyRuns(reports: readonly ConformanceReport[]): FlakeTally {
  const byKey = new Map<string, ScenarioTally>();
  const verdicts: FlakeTally['verdicts'] = [];
  for (const report of reports) {
    const verdict = { passed: 0, failed: 0, notApplicable: 0 };
    for (const s of report.scenarios) {
      const key = `${s.feature}:${s.line ?? s.name}`;
      let t = byKey.get(key);
      if (t === undefined) {
        t = { key, name: s.name, feature: s.feature, runs: 0, passed: 0, failed: 0, notApplicable: 0, failures: [] };
        if (s.line !== undefined) t.line = s.line;
        byKey.set(key, t);
      }
      t.runs += 1;
      t[COUNTER[s.status]] += 1;
      verdict[COUNTER[s.status]] += 1;
      if (s.status === 'failed') {
        const message = (s.message ?? 'failed').split('\n')[0] ?? 'failed';
        const seen = t.failures.find((f) => f.message === message);
        if (seen !== undefined) seen.count += 1;
        else t.failures.push({ message, count: 1 });
      }
    }
    verdicts.push(verdict);
  }
  const scenarios = [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  const flaky = scenarios.filter((t) => [t.passed, t.failed, t.notApplicable].filter((n) => n > 0).length > 1 || t.runs < reports.length).map((t) => t.key);
  return { runs: reports.length, scenarios, flaky, verdicts };
}

/** A Markdown table: one row per scenario, its pass count out of the runs. */
export function tallyMarkdown(tally: FlakeTally, target: string): string {
  const rows = [
    `| scenario (${target}, ${tally.runs} runs) | passed | failed | n/a |`,
    '|---|---:|---:|---:|',
    ...tally.scenarios.map((t) => `| ${t.name} (${t.feature}${t.line !== undefined ? `:${t.line}` : ''}) | ${t.passed}/${t.runs} | ${t.failed} | ${t.notApplicable} |`),
  ];
  return rows.join('\n');
}
