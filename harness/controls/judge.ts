// Verdicts of the negative controls, as lists of problems (empty = the control holds).
import type { ControlExpectation } from './expectations.ts';
import type { SuiteReport, SuiteRun } from './run-suite.ts';

/** Problems with a faulty run: a statement no scenario cites, or one whose scenarios all passed. */
export function judgeFaultRun(expectation: ControlExpectation, run: SuiteRun, timesApplied?: number): string[] {
  const report: SuiteReport | undefined = run.report;
  if (report === undefined) {
    return expectation.statements.map(
      (id) => `fault ${expectation.fault}: no scenario cites ${id} (the run exited ${run.exitCode} without a report): add a scenario tagged @${id}`,
    );
  }
  const problems: string[] = [];
  for (const id of expectation.statements) {
    const citing = report.scenarios.filter((s) => s.statements.includes(id));
    if (citing.length === 0) {
      problems.push(`fault ${expectation.fault}: no scenario cites ${id}: add a scenario tagged @${id}`);
      continue;
    }
    const statement = report.statements.find((s) => s.id === id);
    const failed = citing.filter((s) => s.status === 'failed');
    if (failed.length === 0 || (statement !== undefined && statement.status !== 'failed')) {
      const seen = citing.map((s) => `"${s.name}" ${s.status}`).join('; ');
      const applied = timesApplied === undefined ? '' : `; the fault acted ${timesApplied} times`;
      problems.push(`fault ${expectation.fault}: ${id} not detected (statement ${statement?.status ?? 'not listed'}; scenarios: ${seen}${applied})`);
    }
  }
  return problems;
}

/** Problems with the clean run: any failed scenario, or no scenario at all. */
export function judgeCleanRun(run: SuiteRun): string[] {
  const report = run.report;
  if (report === undefined) return [`clean control: the run exited ${run.exitCode} without a report`];
  if (report.totals.scenarios === 0) return ['clean control: no scenario ran'];
  return report.scenarios
    .filter((s) => s.status === 'failed')
    .map((s) => `clean control: "${s.name}" (${s.feature}) failed through pass-through: ${(s.message ?? '').split('\n')[0]}`);
}
