import type Database from 'better-sqlite3';

/** One step of the schema. `up` runs inside the transaction opened by the migrator; it never commits. */
export interface Migration {
  /** 1, 2, 3… consecutive; the database's `meta.schema_version` after this step. */
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
