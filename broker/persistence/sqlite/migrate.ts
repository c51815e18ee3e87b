// Brings a SQLite database to the newest schema version in `migrations`, inside one transaction:
// either every pending migration is applied and `meta.schema_version` moves, or nothing changes.
import type Database from 'better-sqlite3';
import { MigrationError, PersistenceError, SchemaTooNewError } from '../errors.ts';
import type { Migration } from './migrations/index.ts';

const KIND = 'sqlite';

export function readSchemaVersion(db: Database.Database): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (hasMeta === undefined) return 0;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  return row === undefined ? 0 : Number(row.value);
}

export interface MigrateResult {
  from: number;
  to: number;
}

export function migrate(db: Database.Database, list: readonly Migration[], now: number, file?: string): MigrateResult {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new PersistenceError(KIND, `migration list out of order: #${i} has version ${m.version}`);
  });
  const target = list.length;
  const run = db.transaction((): MigrateResult => {
    const from = readSchemaVersion(db);
    if (from > target) throw new SchemaTooNewError(KIND, from, target, file);
    for (const m of list.slice(from)) m.up(db);
    if (from < target) {
      const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      set.run('schema_version', String(target));
      set.run('migrated_at', String(now));
    }
    return { from, to: target };
  });
  try {
    return run.immediate();
  } catch (err) {
    if (err instanceof PersistenceError) throw err;
    throw new MigrationError(KIND, readSchemaVersion(db), target, err);
  }
}
