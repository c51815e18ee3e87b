import type Database from 'better-sqlite3';
import type { Migration as JournalMigration } from '../../journal/migration-runner.ts';

/** One step of the SQLite schema; `up` runs inside the migrator's transaction and never commits. */
export type Migration = JournalMigration<Database.Database>;
