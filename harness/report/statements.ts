// The statement table of the report: every server-side (S) and either-side (B) statement of the spec
// tables, with a status aggregated from the scenarios that cite it.
//   failed          if any scenario citing it failed
//   passed          if at least one passed and none failed
//   not-applicable  if all its scenarios were not applicable
//   untestable      if listed in a features/**/untestable.tsv and cited by no scenario
//   not-covered     otherwise
import { readFileSync } from 'node:fs';
import type { ScenarioResult, StatementResult, StatementStatus, StatementTotals } from './types.ts';

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

export function aggregateStatements(input: AggregateInput): AggregateOutput {
  const citing = new Map<string, ScenarioResult[]>();
  for (const scenario of input.scenarios) {
    // A scenario without a version tag is counted for 3.1.1, the suite's first version.
    const versions = scenario.versions.length > 0 ? scenario.versions : ['3.1.1'];
    for (const version of versions) {
      for (const id of scenario.statements) {
        const key = `${version}|${id}`;
        const list = citing.get(key) ?? [];
        list.push(scenario);
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
    const status = statementStatus(cited, reason !== undefined);
    const entry: StatementResult = {
      id: row.id, version: row.version, side: row.side, status, scenarios: cited.map((s) => s.name),
    };
    if (status === 'untestable' && reason !== undefined) entry.reason = reason;
    statements.push(entry);
  }
  return { statements, omitted, totals: countStatements(statements) };
}

export function statementStatus(cited: ScenarioResult[], untestable: boolean): StatementStatus {
  if (cited.length === 0) return untestable ? 'untestable' : 'not-covered';
  if (cited.some((s) => s.status === 'failed')) return 'failed';
  if (cited.some((s) => s.status === 'passed')) return 'passed';
  return 'not-applicable';
}

export function countStatements(statements: StatementResult[]): StatementTotals {
  const totals: StatementTotals = { statements: statements.length, passed: 0, failed: 0, notApplicable: 0, notCovered: 0, untestable: 0 };
  for (const s of statements) {
    if (s.status === 'passed') totals.passed += 1;
    else if (s.status === 'failed') totals.failed += 1;
    else if (s.status === 'not-applicable') totals.notApplicable += 1;
    else if (s.status === 'not-covered') totals.notCovered += 1;
    else totals.untestable += 1;
  }
  return totals;
}
