export { ScenarioCollector, collectFromNdjson, statementTags, versionTags } from './scenario-collector.ts';
export type { CucumberEnvelope } from './scenario-collector.ts';
export { aggregateStatements, countStatements, loadSpec, parseSpecTsv, parseUntestableTsv, resultsOf, statementStatus } from './statements.ts';
export type { SpecStatement } from './statements.ts';
export {
  GENERATOR, areaOf, areaStats, buildReport, loadSpecTables, loadUntestable, profileMismatchesOf, scenarioTotals, sortScenarios, specVersion, verdictOf,
} from './build-report.ts';
export {
  BaselineError, baselineVerdict, compareWithBaseline, formatComparison, isFlaky, loadBaseline, mergeIntoBaseline, scenarioKeys, writeBaselineFile,
} from './baseline.ts';
export type { BaselineComparison, StatusChange } from './baseline.ts';
export { renderCompare } from './compare-table.ts';
export type { CompareRows } from './compare-table.ts';
export { renderHtml } from './html.ts';
export { renderJunit } from './junit.ts';
export { renderSummary } from './summary-md.ts';
export { writeReports } from './write-reports.ts';
export { ProgressReporter } from './progress.ts';
export { baselineLines, summaryLines } from './console-summary.ts';
export { attribute, bracketIds, BRACKET_SUFFIX } from './attribution.ts';
export { NOT_APPLICABLE_MEDIA_TYPE, PROFILE_MISMATCH_MEDIA_TYPE, PROFILE_MISMATCH_PREFIX, TRACE_MEDIA_TYPE } from './types.ts';
export type {
  AssertionStatus, BaselineVerdict, ConformanceReport, ConformanceTarget, FailedStep, ProfileMismatch, ScenarioResult, ScenarioStatementResult,
  ScenarioStatus, StatementFailure, StatementResult, StatementStatus, StepRecord, Totals,
} from './types.ts';
