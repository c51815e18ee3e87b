// Failing inputs as files under fuzz/corpus/failures/: the seed, the check that failed and its detail,
// the connection scripts around the failure (as hex), and the broker's last stderr lines. A file with a
// `todo` reason is a known, unfixed broker bug: the replay test marks it todo instead of failing.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromRecord, toRecord } from './script.ts';
import type { ConnectionScript, ScriptRecord } from './script.ts';
import type { CheckName } from './session.ts';

export const FAILURES_DIR = fileURLToPath(new URL('./corpus/failures/', import.meta.url));

export interface FailureFile {
  check: CheckName;
  detail: string;
  seed: number;
  /** ISO time the failure was found. */
  found: string;
  store: 'sqlite' | 'memory';
  /** Inputs replayed in order, one connection each (the ones started around the failure). */
  inputs: ScriptRecord[];
  brokerTail: string[];
  /** Set by hand when the bug is known and not fixed yet: one line saying what and where. */
  todo?: string;
}

export class CorpusFileError extends Error {
  override readonly name = 'CorpusFileError';
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason} (delete the file or fix it by hand)`);
  }
}

export function saveFailure(f: Omit<FailureFile, 'inputs'> & { inputs: ConnectionScript[] }, dir = FAILURES_DIR): string {
  mkdirSync(dir, { recursive: true });
  const first = f.inputs[0]?.index ?? 0;
  let name = `${f.check}-seed${f.seed}-${first}.json`;
  for (let n = 2; existsSync(join(dir, name)); n++) name = `${f.check}-seed${f.seed}-${first}-${n}.json`;
  const file = join(dir, name);
  const record: FailureFile = { ...f, inputs: f.inputs.map(toRecord) };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

export function loadFailure(file: string): FailureFile & { scripts: ConnectionScript[] } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CorpusFileError(file, `not JSON: ${(e as Error).message}`);
  }
  const f = json as Partial<FailureFile>;
  if (typeof f.check !== 'string' || !Array.isArray(f.inputs) || typeof f.seed !== 'number') {
    throw new CorpusFileError(file, 'expected { check, seed, inputs: [...] }');
  }
  return { ...(f as FailureFile), scripts: f.inputs.map(fromRecord) };
}

export function listFailures(dir = FAILURES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, n));
}
