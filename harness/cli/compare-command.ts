// The `compare` subcommand: brokers side by side from their conformance.json files.
import { writeFileSync } from 'node:fs';
import { loadBaseline, renderCompare } from '../report/index.ts';
import type { CompareRows } from '../report/index.ts';
import { UsageError, bool, flagHelp, parseArgs, str } from './args.ts';
import type { FlagSpec } from './args.ts';
import type { RunIo } from './run-conformance.ts';

export const COMPARE_FLAGS: FlagSpec[] = [
  { name: 'out', kind: 'string', value: 'FILE', example: 'reports/compare.md', help: 'write the Markdown table to FILE (default: stdout)' },
  { name: 'rows', kind: 'string', value: 'statements|scenarios|both', example: 'statements', help: 'which rows to show (default both)' },
  { name: 'help', kind: 'boolean', help: 'show this help' },
];

export const COMPARE_HELP = `Usage: mqtt-conformance compare A.json B.json … [--out FILE] [--rows statements|scenarios|both]

Prints a side-by-side Markdown table of brokers (one column per conformance.json, titled with its
profile and URL; one row per statement and/or scenario).

Options:
${flagHelp(COMPARE_FLAGS)}
`;

export function compareCommand(argv: string[], io: RunIo): number {
  const args = parseArgs(argv, COMPARE_FLAGS, 'compare');
  if (bool(args, 'help')) { io.stdout.write(COMPARE_HELP); return 0; }
  if (args.positionals.length < 1) throw new UsageError('compare needs at least one conformance.json file, e.g. compare reports/a/conformance.json reports/b/conformance.json');
  const rows = str(args, 'rows') ?? 'both';
  if (rows !== 'statements' && rows !== 'scenarios' && rows !== 'both') {
    throw new UsageError(`--rows must be statements, scenarios or both (got "${rows}")`);
  }
  const reports = args.positionals.map((file) => ({ file, report: loadBaseline(file) }));
  const markdown = renderCompare(reports, rows as CompareRows);
  const out = str(args, 'out');
  if (out === undefined) io.stdout.write(markdown);
  else {
    writeFileSync(out, markdown);
    io.stdout.write(`wrote ${out}\n`);
  }
  return 0;
}
