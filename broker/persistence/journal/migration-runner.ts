// Brings a database to the newest schema version of an ordered, append-only migration list, through
// the key/value metadata table (`meta`: schema_version, migrated_at). Shared by SQLite and MySQL.
//
// - transactional stores (SQLite): every pending step and the version move in ONE transaction; a
//   failure rolls back and leaves the database at its version.
// - stores whose DDL commits implicitly (MySQL/MariaDB): each step runs, then the version is recorded,
//   so a failure leaves the database at the last completed step (and says so).
// A database newer than the list is refused (SchemaTooNewError) and left untouched.
import { MigrationError, PersistenceError, SchemaTooNewError } from '../errors.ts';

/** One step of the schema. `up` never commits (on a transactional store it runs inside the runner's transaction). */
export interface Migration<Db> {
  /** 1, 2, 3… consecutive; the database's `meta.schema_version` after this step. */
  readonly version: number;
  readonly name: string;
  up(db: Db): void | Promise<void>;
}

export interface MigrateResult {
  from: number;
  to: number;
}

/** What the runner needs of a store. Methods may be synchronous (better-sqlite3) or not (mysql2). */
export interface MigrationTarget<Db> {
  readonly kind: string;
  readonly db: Db;
  /** Shown in messages (a file, a database name). */
  readonly where?: string;
  readonly transactional: boolean;
  /** 0 when there is no meta table or no schema_version in it. */
  readVersion(): number | Promise<number>;
  /** Upsert of a meta row (the meta table exists once migration 1 ran). */
  writeMeta(key: string, value: string): void | Promise<void>;
  begin(): void | Promise<void>;
  commit(): void | Promise<void>;
  rollback(): void | Promise<void>;
  /** Checks the migrated schema (throws a PersistenceError); on a transactional store, before the commit. */
  verify?(): void | Promise<void>;
}

export function checkMigrationList<Db>(kind: string, list: readonly Migration<Db>[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new PersistenceError(kind, `migration list out of order: #${i} has version ${m.version}`);
  });
}

export async function runMigrations<Db>(target: MigrationTarget<Db>, list: readonly Migration<Db>[], now: number): Promise<MigrateResult> {
  checkMigrationList(target.kind, list);
  const to = list.length;
  if (!target.transactional) return runStepwise(target, list, now);
  await target.begin();
  let from = 0;
  try {
    from = await target.readVersion();
    if (from > to) throw new SchemaTooNewError(target.kind, from, to, target.where);
    for (const m of list.slice(from)) await m.up(target.db);
    if (from < to) {
      await target.writeMeta('schema_version', String(to));
      await target.writeMeta('migrated_at', String(now));
    }
    await target.verify?.();
    await target.commit();
    return { from, to };
  } catch (err) {
    await Promise.resolve(target.rollback()).catch(() => undefined);
    if (err instanceof PersistenceError) throw err;
    throw new MigrationError(target.kind, await target.readVersion(), to, err);
  }
}

async function runStepwise<Db>(target: MigrationTarget<Db>, list: readonly Migration<Db>[], now: number): Promise<MigrateResult> {
  const to = list.length;
  const from = await target.readVersion();
  if (from > to) throw new SchemaTooNewError(target.kind, from, to, target.where);
  for (const m of list.slice(from)) {
    try {
      await m.up(target.db);
      await target.writeMeta('schema_version', String(m.version));
      await target.writeMeta('migrated_at', String(now));
    } catch (err) {
      const at = await target.readVersion();
      throw new MigrationError(target.kind, at, to, new Error(
        `step ${m.version} (${m.name}): ${(err as Error).message}; the database is at version ${at} and the DDL of step ${m.version} ` +
          'may be partly applied (DDL commits implicitly here): restore the database from a backup or complete the step by hand before starting again',
      ));
    }
  }
  await target.verify?.();
  return { from, to };
}
