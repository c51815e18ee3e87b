// Per-assertion statement attribution (the contract is harness/report/README.md, "Attribution").
// A step ending in `[MQTT-x, MQTT-y]` asserts those statements; a bare Then-step asserts the scenario's
// residual statements (its @MQTT-… tags that no step names in brackets); bare Given/When steps assert
// nothing. A statement is failed in a scenario only when one of its own assertion steps failed.
import type { AssertionStatus, FailedStep, ScenarioStatementResult, ScenarioStatus, StepRecord } from './types.ts';

/** The bracket suffix of a pickle step, e.g. `… at QoS 1 [MQTT-3.3.1-1, MQTT-3.3.1-2]`. */
export const BRACKET_SUFFIX = /\s\[(MQTT-[0-9.-]+(?:,\s*MQTT-[0-9.-]+)*)\]$/;

/** The ids a step names in its bracket suffix, or undefined when it has none. */
export function bracketIds(text: string): string[] | undefined {
  const match = BRACKET_SUFFIX.exec(text);
  if (!match) return undefined;
  return (match[1] ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
}

/** One test step of a finished attempt: a pickle step, or a hook (no text of its own). */
export interface RanStep {
  hook: boolean;
  text: string;
  keyword?: string;
  type?: StepRecord['type'];
  line?: number;
  /** Cucumber status; undefined when the step never reported (e.g. the run was interrupted). */
  status?: string;
}

export interface Attribution {
  statementResults: ScenarioStatementResult[];
  failedStep?: FailedStep;
  steps: StepRecord[];
}

const FAILING = new Set(['FAILED', 'AMBIGUOUS', 'UNDEFINED', 'PENDING', 'UNKNOWN']);

/** True for a step status that makes the scenario fail (SKIPPED and PASSED do not). */
export const isFailing = (status: string | undefined): boolean => status !== undefined && FAILING.has(status);

/**
 * @param tagIds the scenario's @MQTT-… tags (without @), in tag order.
 * @param status the scenario's verdict (decides not-applicable, and statements no step asserts).
 */
export function attribute(tagIds: string[], steps: RanStep[], status: ScenarioStatus, optional: boolean): Attribution {
  const named = new Set<string>();
  for (const step of steps) if (!step.hook) for (const id of bracketIds(step.text) ?? []) named.add(id);
  const residual = tagIds.filter((id) => !named.has(id));
  const records: StepRecord[] = steps.filter((s) => !s.hook).map((s) => {
    const ids = bracketIds(s.text) ?? (s.type === 'Outcome' ? residual : []);
    const record: StepRecord = { text: s.text, statements: ids };
    if (s.keyword !== undefined) record.keyword = s.keyword;
    if (s.type !== undefined) record.type = s.type;
    if (s.line !== undefined) record.line = s.line;
    if (s.status !== undefined) record.status = s.status;
    return record;
  });
  const asserted = new Set(records.flatMap((r) => r.statements));
  // Ids no step asserts (a lint error in the suite): judged by the whole scenario, as before brackets.
  const orphans = tagIds.filter((id) => !asserted.has(id));
  const ids = [...new Set([...tagIds, ...named])];

  const statementResults = ids.map((id): ScenarioStatementResult => {
    let result: AssertionStatus;
    if (status === 'not-applicable') result = 'not-applicable';
    else if (orphans.includes(id)) result = status === 'passed' ? 'passed' : 'failed';
    else {
      const mine = records.filter((r) => r.statements.includes(id));
      if (mine.some((r) => isFailing(r.status))) result = 'failed';
      else if (mine.every((r) => r.status === 'PASSED')) result = 'passed';
      else result = 'not-reached';
    }
    return { id, status: result, optional };
  });

  const out: Attribution = { statementResults, steps: records };
  const firstFailing = steps.findIndex((s) => isFailing(s.status));
  if (status === 'failed' && firstFailing >= 0) {
    const step = steps[firstFailing] as RanStep;
    if (step.hook) {
      const beforeSteps = steps.slice(0, firstFailing).every((s) => s.hook);
      out.failedStep = { text: beforeSteps ? 'Before hook' : 'After hook', statements: [...orphans] };
    } else {
      const record = records[steps.slice(0, firstFailing).filter((s) => !s.hook).length] as StepRecord;
      out.failedStep = { text: step.text, statements: [...record.statements, ...orphans] };
      if (step.line !== undefined) out.failedStep.line = step.line;
    }
  }
  return out;
}
