// The shape of conformance.json (schemaVersion 1), as described in PRODUCT.md, plus a few extra
// fields (trace, optional, tags, reason, statementsOmitted) that the readers of the report use.

export type ScenarioStatus = 'passed' | 'failed' | 'not-applicable';
export type StatementStatus = ScenarioStatus | 'not-covered' | 'untestable';

export interface ScenarioResult {
  name: string;
  /** Feature file path relative to the repository root, e.g. features/01-connect/connect.feature. */
  feature: string;
  status: ScenarioStatus;
  /** Spec statement ids the scenario cites (its @MQTT-… tags, without the @). */
  statements: string[];
  durationMs: number;
  /** Failure message, or the reason a scenario is not applicable. */
  message?: string;
  /** Packet trace attached by the After hook when the scenario failed. */
  trace?: string;
  /** Protocol versions the scenario runs under ('3.1.1', '5.0'), from its @v… tags. */
  versions: string[];
  /** True when tagged @optional: a failure is reported but does not fail the run. */
  optional: boolean;
  tags: string[];
  line?: number;
}

export interface StatementResult {
  id: string;
  version: string;
  side: 'S' | 'B';
  status: StatementStatus;
  /** Names of the scenarios citing this statement. */
  scenarios: string[];
  /** Why the statement cannot be observed over the wire (status untestable). */
  reason?: string;
}

export interface ConformanceTarget {
  urls: string[];
  profile: string;
  protocolVersions: string[];
  reference?: boolean;
}

export interface Totals {
  scenarios: number;
  passed: number;
  failed: number;
  notApplicable: number;
  /** Failed scenarios that are not @optional: these decide the exit code. */
  requiredFailed: number;
}

export interface StatementTotals {
  statements: number;
  passed: number;
  failed: number;
  notApplicable: number;
  notCovered: number;
  untestable: number;
}

export interface ConformanceReport {
  schemaVersion: 1;
  generator: string;
  runId?: string;
  startedAt: string;
  target: ConformanceTarget;
  durationMs: number;
  totals: Totals;
  statementTotals: StatementTotals;
  /** Client-only (C) rows of the spec tables, left out of statements[]. */
  statementsOmitted: number;
  scenarios: ScenarioResult[];
  statements: StatementResult[];
}

export const NOT_APPLICABLE_MEDIA_TYPE = 'text/x.mqttc.not-applicable';
export const TRACE_MEDIA_TYPE = 'text/x.mqttc.trace';
