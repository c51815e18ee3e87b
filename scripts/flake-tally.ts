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
  /**
   * First line of each distinct failure message (its numbers shown as the range seen, e.g. "after
   * 2009–2014 ms"), with how often it came.
   */
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

/** A failure message with its numbers taken out: the text around them, and each number's values. */
interface Shape { parts: string[]; numbers: number[][]; count: number }

function addFailure(shapes: Map<string, Shape[]>, key: string, message: string): void {
  const parts = message.split(/\d+(?:\.\d+)?/);
  const numbers = (message.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
  const list = shapes.get(key) ?? [];
  shapes.set(key, list);
  const same = list.find((s) => s.parts.join('\u0000') === parts.join('\u0000'));
  if (same === undefined) { list.push({ parts, numbers: numbers.map((n) => [n]), count: 1 }); return; }
  same.count += 1;
  numbers.forEach((n, i) => same.numbers[i]?.push(n));
}

function render(shape: Shape): string {
  return shape.parts.map((part, i) => {
    const values = shape.numbers[i];
    if (values === undefined) return part;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return `${part}${lo === hi ? lo : `${lo}–${hi}`}`;
  }).join('');
}

export function tallyRuns(reports: readonly ConformanceReport[]): FlakeTally {
  const byKey = new Map<string, ScenarioTally>();
  const verdicts: FlakeTally['verdicts'] = [];
  const shapes = new Map<string, Shape[]>();
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
      if (s.status === 'failed') addFailure(shapes, key, (s.message ?? 'failed').split('\n')[0] ?? 'failed');
    }
    verdicts.push(verdict);
  }
  for (const [key, list] of shapes) byKey.get(key)!.failures = list.map((shape) => ({ message: render(shape), count: shape.count }));
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
