// Assembles conformance.json from the scenario results of a run, the spec tables and the
// untestable lists of the feature folders.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateStatements, loadSpec, parseUntestableTsv } from './statements.ts';
import type { SpecStatement } from './statements.ts';
import { PROFILE_MISMATCH_PREFIX } from './types.ts';
import type { ConformanceReport, ConformanceTarget, ProfileMismatch, ScenarioResult, Totals } from './types.ts';

export const GENERATOR = 'mqtt-conformance 0.1.0';

export interface BuildReportInput {
  target: ConformanceTarget;
  scenarios: ScenarioResult[];
  startedAt: Date;
  durationMs: number;
  runId?: string;
  spec: SpecStatement[];
  untestable: Map<string, Map<string, string>>;
}

export function buildReport(input: BuildReportInput): ConformanceReport {
  const scenarios = sortScenarios(input.scenarios);
  const { statements, omitted, totals: statementTotals } = aggregateStatements({ ...input, scenarios });
  const report: ConformanceReport = {
    schemaVersion: 1,
    generator: GENERATOR,
    startedAt: input.startedAt.toISOString(),
    target: input.target,
    durationMs: input.durationMs,
    totals: scenarioTotals(input.scenarios),
    statementTotals,
    statementsOmitted: omitted,
    scenarios,
    statements,
  };
  if (input.runId !== undefined) report.runId = input.runId;
  const mismatches = profileMismatchesOf(scenarios);
  if (mismatches.length > 0) report.profileMismatches = mismatches;
  return report;
}

/** Scenarios not applicable because the broker contradicted the profile (the collector's message prefix). */
export function profileMismatchesOf(scenarios: ScenarioResult[]): ProfileMismatch[] {
  return scenarios
    .filter((s) => s.status === 'not-applicable' && (s.message ?? '').startsWith(PROFILE_MISMATCH_PREFIX))
    .map((s) => ({ scenario: s.name, feature: s.feature, message: s.message ?? '' }));
}

/** Source order (feature path, then line), whatever order parallel workers finished in. */
export function sortScenarios(scenarios: ScenarioResult[]): ScenarioResult[] {
  return [...scenarios].sort((a, b) =>
    a.feature.localeCompare(b.feature) || (a.line ?? 0) - (b.line ?? 0) || a.name.localeCompare(b.name));
}

export function scenarioTotals(scenarios: ScenarioResult[]): Totals {
  const totals: Totals = { scenarios: scenarios.length, passed: 0, failed: 0, notApplicable: 0, requiredFailed: 0 };
  for (const s of scenarios) {
    if (s.status === 'passed') totals.passed += 1;
    else if (s.status === 'not-applicable') totals.notApplicable += 1;
    else {
      totals.failed += 1;
      if (!s.optional) totals.requiredFailed += 1;
    }
  }
  return totals;
}

/** Spec version label used in the report ('3.1.1', '5.0') for a profile protocol version ('3.1.1', '5'). */
export function specVersion(protocolVersion: string): string {
  return protocolVersion === '5' ? '5.0' : protocolVersion;
}

/** Loads fixtures/spec/normative-<v>.tsv for each protocol version of the run. */
export function loadSpecTables(specDir: string, protocolVersions: string[]): SpecStatement[] {
  const rows: SpecStatement[] = [];
  for (const v of protocolVersions.map(specVersion)) {
    const file = join(specDir, `normative-${v}.tsv`);
    if (existsSync(file)) rows.push(...loadSpec(file, v));
  }
  return rows;
}

/**
 * Finds the untestable lists under the features directory: `untestable.tsv` is for 3.1.1,
 * `untestable-5.0.tsv` (or `untestable-5.tsv`) for MQTT 5. Returns version → (id → reason).
 */
export function loadUntestable(featuresDir: string): Map<string, Map<string, string>> {
  const byVersion = new Map<string, Map<string, string>>();
  if (!existsSync(featuresDir)) return byVersion;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) { walk(path); continue; }
      const match = /^untestable(?:-(5(?:\.0)?|3\.1\.1))?\.tsv$/.exec(entry.name);
      if (!match) continue;
      const version = match[1] === undefined ? '3.1.1' : specVersion(match[1]);
      const map = byVersion.get(version) ?? new Map<string, string>();
      for (const [id, reason] of parseUntestableTsv(readFileSync(path, 'utf8'))) map.set(id, reason);
      byVersion.set(version, map);
    }
  };
  walk(featuresDir);
  return byVersion;
}

/** Area of a scenario: its area-numbered feature folder (e.g. "01-connect"), else the folder holding the file. */
export function areaOf(feature: string): string {
  const parts = feature.split('/');
  const numbered = parts.slice(0, -1).find((p) => /^\d+-/.test(p));
  return numbered ?? parts.at(-2) ?? '(root)';
}

export interface AreaStats { area: string; scenarios: number; passed: number; failed: number; notApplicable: number }

export function areaStats(scenarios: ScenarioResult[]): AreaStats[] {
  const byArea = new Map<string, AreaStats>();
  for (const s of scenarios) {
    const area = areaOf(s.feature);
    const stats = byArea.get(area) ?? { area, scenarios: 0, passed: 0, failed: 0, notApplicable: 0 };
    stats.scenarios += 1;
    if (s.status === 'passed') stats.passed += 1;
    else if (s.status === 'failed') stats.failed += 1;
    else stats.notApplicable += 1;
    byArea.set(area, stats);
  }
  return [...byArea.values()].sort((a, b) => a.area.localeCompare(b.area));
}

/** One-word verdict: FAIL when a required (non-@optional) scenario failed. */
export function verdictOf(report: ConformanceReport): 'PASS' | 'FAIL' {
  return report.totals.requiredFailed > 0 ? 'FAIL' : 'PASS';
}
