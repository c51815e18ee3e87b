// Verdicts of the negative controls, as lists of problems (empty = the control holds). A fault run
// holds only when the cause is proven (issue 7, ATTRIBUTION.md):
//   (a) the fault acted: the proxy counted it at least once during the run;
//   (b) each statement the row aims at is reported failed by an assertion of that statement in a
//       required scenario (statements[i].status 'failed', not optional, failures[] naming the step);
//   (c) scenarios citing none of the fault's statements still pass through it (bystanders), and no
//       statement the fault does not claim is reported failed (stray failures).
import type { ControlExpectation } from './expectations.ts';
import type { ReportedScenario, ReportedStatement, SuiteReport, SuiteRun } from './run-suite.ts';

export interface FaultRunFacts {
  /** How many times the proxy saw the fault act during the run. */
  readonly timesApplied: number;
  /** Every statement the fault claims to break (its Fault.rules), for the bystander rules. */
  readonly faultRules: readonly string[];
  /**
   * Statements the suite is known to misattribute for this fault (a step checking the fault's rule
   * while asserting these): their failures are warnings carrying the reason, not problems.
   */
  readonly suiteGaps?: Readonly<Record<string, string>>;
}

export interface FaultVerdict {
  /** Empty when the control holds. */
  readonly problems: string[];
  /**
   * Unclaimed statements failed at a step that also asserts a claimed one: the suite cannot tell
   * them apart there (coarse attribution), so they are reported, not held against the fault.
   */
  readonly warnings: string[];
  /** Statements of the row reported failed by one of their own required assertions. */
  readonly killed: string[];
}

const firstLine = (text: string | undefined): string => (text ?? '').split('\n')[0] ?? '';

function describeBreak(s: ReportedScenario): string {
  const step = s.failedStep;
  if (step === undefined) return `"${s.name}" ${s.status}`;
  const ids = step.statements.length === 0 ? 'a precondition or action' : step.statements.join(', ');
  return `"${s.name}" broke at "${step.text}" (${ids})`;
}

/** Why a statement of the row was not killed, or undefined when it was. */
function notKilledReason(id: string, statement: ReportedStatement | undefined, citing: readonly ReportedScenario[], timesApplied: number): string | undefined {
  const requiredNames = new Set(citing.filter((s) => !s.optional).map((s) => `${s.feature}::${s.name}`));
  const failures = statement?.failures ?? [];
  const required = failures.filter((f) => f.optional !== true && f.step !== '' && requiredNames.has(`${f.feature}::${f.scenario}`));
  if (statement?.status === 'failed' && statement.optional !== true && required.length > 0) return undefined;
  const seen = citing.map((s) => `"${s.name}" ${s.status}`).join('; ');
  if (statement === undefined) return `${id} is not in the report's statements (scenarios: ${seen})`;
  if (statement.status === 'failed' && (statement.optional === true || (failures.length > 0 && failures.every((f) => f.optional === true)))) {
    return `${id} failed only in @optional scenarios (${failures.map((f) => `"${f.scenario}"`).join(', ')}): a required scenario must catch it`;
  }
  if (statement.status === 'failed') {
    return `${id} is reported failed but no failure names an assertion step of it in a required scenario (failures: ${JSON.stringify(failures)}): the report lacks attribution`;
  }
  if (statement.status === 'not-reached') {
    const broke = citing.filter((s) => s.status === 'failed').map(describeBreak).join('; ');
    return `${id} not reached: its scenarios broke earlier on another step (${broke}); the fault acted ${timesApplied} times`;
  }
  return `${id} not detected (statement ${statement.status}; scenarios: ${seen}; the fault acted ${timesApplied} times)`;
}

/** The causal verdict of one fault run. */
export function judgeFaultRun(expectation: ControlExpectation, run: SuiteRun, facts: FaultRunFacts): FaultVerdict {
  const fault = expectation.fault;
  const report: SuiteReport | undefined = run.report;
  const problems: string[] = [];
  if (facts.timesApplied === 0) problems.push(`fault ${fault}: never acted during the run (timesApplied 0): no scenario exercised it, so no verdict proves anything`);
  if (report === undefined) {
    for (const id of expectation.statements) {
      problems.push(`fault ${fault}: no scenario cites ${id} (the run exited ${run.exitCode} without a report): add a scenario tagged @${id}`);
    }
    return { problems, warnings: [], killed: [] };
  }
  const killed: string[] = [];
  const warnings: string[] = [];
  for (const id of expectation.statements) {
    const citing = report.scenarios.filter((s) => s.statements.includes(id));
    if (citing.length === 0) {
      problems.push(`fault ${fault}: no scenario cites ${id}: add a scenario tagged @${id}`);
      continue;
    }
    const reason = notKilledReason(id, report.statements.find((s) => s.id === id), citing, facts.timesApplied);
    if (reason === undefined) killed.push(id);
    else problems.push(`fault ${fault}: ${reason}`);
  }
  // (c) bystanders and stray failures: the fault breaks only what it claims. A bystander that broke
  // at a precondition or action reports no statement failed (they are not reached): a warning. One
  // that broke at an assertion reports a false failure: a problem, unless a known suite gap.
  const claimed = new Set(facts.faultRules);
  const gaps = facts.suiteGaps ?? {};
  const gapOf = (ids: readonly string[]): string | undefined => (ids.length > 0 && ids.every((id) => gaps[id] !== undefined) ? gaps[ids[0] ?? ''] : undefined);
  for (const s of report.scenarios) {
    if (s.status !== 'failed' || s.statements.some((id) => claimed.has(id))) continue;
    const asserted = s.failedStep?.statements ?? [];
    const gap = gapOf(asserted);
    const text = `bystander ${describeBreak(s)} in ${s.feature} failed, yet it cites none of the fault's statements: ${firstLine(s.message)}`;
    if (s.failedStep !== undefined && asserted.length === 0) warnings.push(`fault ${fault}: ${text} (a precondition: its statements are not reached, none is reported failed)`);
    else if (gap !== undefined) warnings.push(`fault ${fault}: ${text} (known suite gap: ${gap})`);
    else problems.push(`fault ${fault}: ${text}`);
  }
  for (const st of report.statements) {
    if (st.status !== 'failed' || st.optional === true || claimed.has(st.id)) continue;
    for (const f of (st.failures ?? []).filter((x) => x.optional !== true)) {
      const scenario = report.scenarios.find((x) => x.name === f.scenario && x.feature === f.feature);
      if (scenario !== undefined && !scenario.statements.some((id) => claimed.has(id))) continue; // reported as a bystander above
      const shared = (scenario?.failedStep?.statements ?? []).filter((id) => claimed.has(id));
      const where = `"${f.step}" in "${f.scenario}"`;
      if (shared.length > 0) warnings.push(`fault ${fault}: ${st.id} failed too, at ${where}, which also asserts ${shared.join(', ')}`);
      else if (gaps[st.id] !== undefined) warnings.push(`fault ${fault}: ${st.id} failed at ${where} (known suite gap: ${gaps[st.id]})`);
      else problems.push(`fault ${fault}: ${st.id} was reported failed (${where}), a statement the fault does not claim to break`);
    }
  }
  return { problems, warnings, killed };
}

/** Problems with the clean run: any failed scenario or statement, or no scenario at all. */
export function judgeCleanRun(run: SuiteRun): string[] {
  const report = run.report;
  if (report === undefined) return [`clean control: the run exited ${run.exitCode} without a report`];
  if (report.totals.scenarios === 0) return ['clean control: no scenario ran'];
  const problems = report.scenarios
    .filter((s) => s.status === 'failed')
    .map((s) => `clean control: "${s.name}" (${s.feature}) failed through pass-through: ${firstLine(s.message)}`);
  for (const st of report.statements) {
    if (st.status === 'failed' && !report.scenarios.some((s) => s.status === 'failed' && s.statements.includes(st.id))) {
      problems.push(`clean control: ${st.id} reported failed without a failed scenario`);
    }
  }
  return problems;
}

/**
 * Required statements the suite cites, from a clean run's report: an id cited by a scenario that is
 * not @optional (its statementResults entry not optional, when the report has them), and a server
 * or both-sides (S/B) statement: the report's statements[] leaves out client-only (C) ones.
 */
export function requiredCitedStatements(report: SuiteReport): { cited: string[]; clientOnly: string[] } {
  const ids = new Set<string>();
  for (const s of report.scenarios) {
    if (s.statementResults !== undefined) {
      for (const r of s.statementResults) if (!r.optional) ids.add(r.id);
    } else if (!s.optional) {
      for (const id of s.statements) ids.add(id);
    }
  }
  const server = new Set(report.statements.map((st) => st.id));
  const all = [...ids].sort();
  return { cited: all.filter((id) => server.has(id)), clientOnly: all.filter((id) => !server.has(id)) };
}
/** A scenario as the probe judge needs it: which of its steps the probe is about. */
export interface ProbedScenario {
  uri: string;
  name: string;
  /** The texts of its steps the probe must make fail (e.g. its silence steps). */
  steps: string[];
}

/**
 * The verdict of a probe of the suite (a row with `mustFailAt`): the fault acted, and every scenario
 * of the run holding a probed step failed at one of those steps (not before, not elsewhere).
 */
export function judgeProbeRun(expectation: ControlExpectation, run: SuiteRun, timesApplied: number, probed: readonly ProbedScenario[]): string[] {
  const fault = expectation.fault;
  const problems: string[] = [];
  if (timesApplied === 0) problems.push(`probe ${fault}: never acted during the run (timesApplied 0)`);
  const report = run.report;
  if (report === undefined) return [...problems, `probe ${fault}: the run exited ${run.exitCode} without a report`];
  let seen = 0;
  for (const p of probed) {
    const s = report.scenarios.find((x) => x.feature === p.uri && x.name === p.name);
    if (s === undefined || s.status === 'not-applicable') continue;
    seen += 1;
    const failedAt = s.failedStep?.text;
    if (s.status === 'failed' && failedAt !== undefined && p.steps.includes(failedAt)) continue;
    const how = s.status === 'passed' ? 'passed' : `failed at "${failedAt ?? '?'}" instead`;
    problems.push(`probe ${fault}: "${p.name}" (${p.uri}) ${how}; it must fail at "${p.steps.join('" or "')}"`);
  }
  if (seen === 0) problems.push(`probe ${fault}: none of the ${probed.length} probed scenarios ran`);
  return problems;
}
