// The statement table of the report: every server-side (S) and either-side (B) statement of the spec
// tables, with a status aggregated from the per-scenario results of its assertions (attribution.ts):
//   failed          if a required assertion of it failed (or, with optional: true, only optional
//                   assertions exist for it and one failed)
//   passed          else if an assertion of it passed
//   not-reached     else if a scenario broke before reaching its assertion
//   not-applicable  else (every citing scenario was not applicable)
//   untestable      if listed in a features/**/untestable.tsv and cited by no scenario
//   not-covered     otherwise
import { readFileSync } from 'node:fs';
import type {
  AssertionStatus, ScenarioResult, ScenarioStatementResult, StatementFailure, StatementResult, StatementStatus, StatementTotals,
} from './types.ts';

export interface SpecStatement {
  id: string;
  version: string;
  side: 'S' | 'C' | 'B';
  text: string;
}

/** Parses a normative-<version>.tsv (header line, then id TAB side TAB text). */
export function parseSpecTsv(text: string, version: string): SpecStatement[] {
  const rows: SpecStatement[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [id, side, body] = line.split('\t');
    if (id === undefined || id.trim() === '' || (side !== 'S' && side !== 'C' && side !== 'B')) continue;
    rows.push({ id: id.trim(), version, side, text: (body ?? '').trim() });
  }
  return rows;
}

export function loadSpec(file: string, version: string): SpecStatement[] {
  return parseSpecTsv(readFileSync(file, 'utf8'), version);
}

/** Parses an untestable.tsv: lines `MQTT-x.y.z-n<TAB>reason`; # comments and blank lines ignored. */
export function parseUntestableTsv(text: string): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const tab = line.indexOf('\t');
    const id = (tab < 0 ? line : line.slice(0, tab)).trim();
    if (!/^MQTT-\d/.test(id)) continue;
    reasons.set(id, tab < 0 ? 'marked untestable' : line.slice(tab + 1).trim());
  }
  return reasons;
}

export interface AggregateInput {
  spec: SpecStatement[];
  scenarios: ScenarioResult[];
  /** Untestable statements per version: version → (id → reason). */
  untestable: Map<string, Map<string, string>>;
}

export interface AggregateOutput {
  statements: StatementResult[];
  omitted: number;
  totals: StatementTotals;
}

interface Citation { scenario: ScenarioResult; result: ScenarioStatementResult }

/** A scenario's results per statement; reports written before attribution get them from the scenario status. */
export function resultsOf(scenario: ScenarioResult): ScenarioStatementResult[] {
  if (scenario.statementResults !== undefined) return scenario.statementResults;
  return scenario.statements.map((id) => ({ id, status: scenario.status, optional: scenario.optional }));
}

export function aggregateStatements(input: AggregateInput): AggregateOutput {
  const citing = new Map<string, Citation[]>();
  for (const scenario of input.scenarios) {
    // A scenario without a version tag is counted for 3.1.1, the suite's first version.
    const versions = scenario.versions.length > 0 ? scenario.versions : ['3.1.1'];
    for (const version of versions) {
      for (const result of resultsOf(scenario)) {
        const key = `${version}|${result.id}`;
        const list = citing.get(key) ?? [];
        list.push({ scenario, result });
        citing.set(key, list);
      }
    }
  }
  const statements: StatementResult[] = [];
  let omitted = 0;
  for (const row of input.spec) {
    if (row.side === 'C') { omitted += 1; continue; }
    const cited = citing.get(`${row.version}|${row.id}`) ?? [];
    const reason = input.untestable.get(row.version)?.get(row.id);
    const { status, optional } = statementStatus(cited.map((c) => c.result), reason !== undefined);
    const entry: StatementResult = {
      id: row.id, version: row.version, side: row.side, status, scenarios: cited.map((c) => c.scenario.name),
    };
    if (status === 'untestable' && reason !== undefined) entry.reason = reason;
    if (optional) entry.optional = true;
    const failures = cited.filter((c) => c.result.status === 'failed').map((c) => failureOf(c));
    if (failures.length > 0) entry.failures = failures;
    const notReached = cited.filter((c) => c.result.status === 'not-reached').map((c) => c.scenario.name);
    if (notReached.length > 0) entry.notReached = notReached;
    statements.push(entry);
  }
  return { statements, omitted, totals: countStatements(statements) };
}

function failureOf({ scenario, result }: Citation): StatementFailure {
  const failure: StatementFailure = {
    scenario: scenario.name,
    feature: scenario.feature,
    step: scenario.failedStep?.text ?? '(the scenario)',
    message: scenario.message ?? 'failed',
  };
  const line = scenario.failedStep?.line ?? scenario.line;
  if (line !== undefined) failure.line = line;
  if (result.optional) failure.optional = true;
  return failure;
}

/**
 * The status of one statement from the results of its assertions over the run. Optional assertions
 * never fail a statement that has required (applicable) assertions; when only optional ones exist
 * and one failed, the statement is failed with optional: true.
 */
export function statementStatus(
  results: Pick<ScenarioStatementResult, 'status' | 'optional'>[], untestable: boolean,
): { status: StatementStatus; optional: boolean } {
  if (results.length === 0) return { status: untestable ? 'untestable' : 'not-covered', optional: false };
  const has = (status: AssertionStatus, optional?: boolean): boolean =>
    results.some((r) => r.status === status && (optional === undefined || r.optional === optional));
  if (has('failed', false)) return { status: 'failed', optional: false };
  const required = results.some((r) => !r.optional && r.status !== 'not-applicable');
  if (!required && has('failed', true)) return { status: 'failed', optional: true };
  if (has('passed')) return { status: 'passed', optional: false };
  if (has('not-reached')) return { status: 'not-reached', optional: false };
  return { status: 'not-applicable', optional: false };
}

export function countStatements(statements: StatementResult[]): StatementTotals {
  const totals: StatementTotals = {
    statements: statements.length, passed: 0, failed: 0, notApplicable: 0, notCovered: 0, untestable: 0, notReached: 0, optionalFailed: 0,
  };
  for (const s of statements) {
    if (s.status === 'passed') totals.passed += 1;
    else if (s.status === 'failed' && s.optional === true) totals.optionalFailed = (totals.optionalFailed ?? 0) + 1;
    else if (s.status === 'failed') totals.failed += 1;
    else if (s.status === 'not-reached') totals.notReached = (totals.notReached ?? 0) + 1;
    else if (s.status === 'not-applicable') totals.notApplicable += 1;
    else if (s.status === 'not-covered') totals.notCovered += 1;
    else totals.untestable += 1;
  }
  return totals;
}
