// Writes conformance.json, conformance.html, junit.xml and summary.md into the output directory
// (cucumber writes messages.ndjson there itself).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderSummary } from './summary-md.ts';
import type { SpecStatement } from './statements.ts';
import type { ConformanceReport } from './types.ts';

export interface WrittenReports { json: string; html: string; junit: string; summary: string }

export function writeReports(outDir: string, report: ConformanceReport, spec: SpecStatement[] = []): WrittenReports {
  mkdirSync(outDir, { recursive: true });
  const files: WrittenReports = {
    json: join(outDir, 'conformance.json'),
    html: join(outDir, 'conformance.html'),
    junit: join(outDir, 'junit.xml'),
    summary: join(outDir, 'summary.md'),
  };
  const text = new Map(spec.map((s) => [`${s.version}|${s.id}`, s.text]));
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.html, renderHtml(report, text));
  writeFileSync(files.junit, renderJunit(report));
  writeFileSync(files.summary, renderSummary(report));
  return files;
}
