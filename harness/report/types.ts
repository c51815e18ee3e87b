// The shape of conformance.json (schemaVersion 1), as described in PRODUCT.md, plus a few extra
// fields (trace, optional, tags, reason, statementsOmitted) that the readers of the report use.

export type ScenarioStatus = 'passed' | 'failed' | 'not-applicable';
export type StatementStatus = ScenarioStatus | 'not-reached' | 'not-covered' | 'untestable';
/** What one scenario says about one statement it cites (harness/report/README.md, "Attribution"). */
export type AssertionStatus = 'passed' | 'failed' | 'not-reached' | 'not-applicable';

export interface ScenarioStatementResult {
  id: string;
  status: AssertionStatus;
  /** The scenario is @optional: a failure here never makes a required statement fail. */
  optional: boolean;
}

/** One Gherkin step of a scenario as it ran (kept for failed scenarios, for the report views). */
export interface StepRecord {
  keyword?: string;
  /** Pickle step text, with its bracket suffix if it has one. */
  text: string;
  type?: 'Context' | 'Action' | 'Outcome' | 'Unknown';
  line?: number;
  /** Cucumber's step status (PASSED, FAILED, SKIPPED, …); absent when the step never ran. */
  status?: string;
  /** Statement ids this step asserts (its brackets, or the residual ids for a bare Then); [] otherwise. */
  statements: string[];
}

export interface FailedStep {
  text: string;
  line?: number;
  /** Statement ids of the failing assertion; [] when a precondition, action or hook failed. */
  statements: string[];
}

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
  /** One entry per cited statement: what this scenario's assertions say about it. */
  statementResults?: ScenarioStatementResult[];
  /** The first step (or hook) that failed, with the statements it asserts. */
  failedStep?: FailedStep;
  /** The scenario's steps (failed scenarios only). */
  steps?: StepRecord[];
  /** Set by a baseline that saw this scenario both pass and fail: flips are reported as flaky. */
  flaky?: boolean;
  /** Share of baseline runs in which the scenario passed (0..1), when the baseline merged several runs. */
  passRate?: number;
  /** How many merged baseline runs judged the scenario (passed or failed). */
  runs?: number;
}

export interface StatementFailure {
  scenario: string;
  feature: string;
  line?: number;
  /** The failing assertion step's text. */
  step: string;
  message: string;
  /** The assertion belongs to an @optional scenario. */
  optional?: boolean;
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
  /** Every assertion of this statement that failed, optional ones flagged. */
  failures?: StatementFailure[];
  /** Scenarios that broke before reaching their assertion of this statement. */
  notReached?: string[];
  /** With status failed: only optional assertions failed (counted in statementTotals.optionalFailed). */
  optional?: boolean;
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
  notReached?: number;
  /** Statements failed only by optional assertions (not counted in failed). */
  optionalFailed?: number;
}

export interface ProfileMismatch { scenario: string; feature: string; message: string }

/** The verdict of --baseline, kept in the report itself. Keys are scenario keys (feature::name[ #n]). */
export interface BaselineVerdict {
  file: string;
  exact: boolean;
  verdict: 'pass' | 'regressed';
  /** Failing now, not failing in the baseline (passed, n/a or absent there), and not flaky. */
  newFailures: string[];
  /** Failed in the baseline, passing now, and not flaky. */
  fixed: string[];
  /** Passed ↔ failed flips the baseline allows (flaky there, or a @timing scenario's lucky pass). */
  flaky: string[];
  /** Other differences (n/a ↔ passed, added or removed scenarios): fail the gate only when exact. */
  other: string[];
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
  /** Scenarios not applicable because the broker contradicted the profile. */
  profileMismatches?: ProfileMismatch[];
  baseline?: BaselineVerdict;
}

export const NOT_APPLICABLE_MEDIA_TYPE = 'text/x.mqttc.not-applicable';
export const TRACE_MEDIA_TYPE = 'text/x.mqttc.trace';
export const PROFILE_MISMATCH_MEDIA_TYPE = 'text/x.mqttc.profile-mismatch';
/** Message prefix of a scenario made not applicable by a profile mismatch. */
export const PROFILE_MISMATCH_PREFIX = 'profile mismatch: ';
