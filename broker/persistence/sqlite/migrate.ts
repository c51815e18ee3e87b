// SQLite's side of the shared migration runner (../journal/migration-runner.ts): one IMMEDIATE
// transaction for every pending step, plus the foreign-database and schema checks around it.
import type Database from 'better-sqlite3';
import { runMigrations, type MigrateResult } from '../journal/migration-runner.ts';
import { checkNotForeign, checkSchema, JOURNAL_SCHEMA, type ColumnClass, type FoundSchema } from '../journal/schema-check.ts';
import type { Migration } from './migrations/index.ts';

const KIND = 'sqlite';

export type { MigrateResult };

export function readSchemaVersion(db: Database.Database): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (hasMeta === undefined) return 0;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  return row === undefined ? 0 : Number(row.value);
}

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

/** SQLite's declared types by affinity (https://www.sqlite.org/datatype3.html, 3.1). */
function columnClass(declared: string): ColumnClass | null {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'int';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t.includes('BLOB')) return 'blob';
  return null;
}

export function readSchema(db: Database.Database): FoundSchema {
  const found: FoundSchema = new Map();
  for (const table of tables(db)) {
    const cols = db.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all() as { name: string; type: string }[];
    found.set(table, new Map(cols.map((c) => [c.name, columnClass(c.type)])));
  }
  return found;
}

export async function migrate(db: Database.Database, list: readonly Migration[], now: number, file?: string): Promise<MigrateResult> {
  const where = file ?? 'the database';
  checkNotForeign(KIND, where, readSchemaVersion(db), tables(db));
  return runMigrations({
    kind: KIND, db, transactional: true, ...(file !== undefined ? { where: file } : {}),
    readVersion: () => readSchemaVersion(db),
    writeMeta: (key, value) => { db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value); },
    begin: () => { db.exec('BEGIN IMMEDIATE'); },
    commit: () => { db.exec('COMMIT'); },
    rollback: () => { if (db.inTransaction) db.exec('ROLLBACK'); },
    // Only a full-length list describes the newest schema (tests build old databases with a prefix).
    verify: () => { if (list.length === JOURNAL_VERSION) checkSchema(KIND, where, JOURNAL_SCHEMA, readSchema(db)); },
  }, list, now);
}

/** The schema version JOURNAL_SCHEMA describes. */
const JOURNAL_VERSION = 2;
