// Shared by the SQL backends: journal rows, group commit, the Persistence built on them, migrations, schema checks.
export { GroupCommit, type CommitRows, type GroupCommitStats } from './group-commit.ts';
export { JournalPersistence } from './journal-persistence.ts';
export {
  LOAD_TABLES, outboundParams, retainedParams, sessionParams, stateFromRows, Stmt, subscriptionParams, willParams,
  type JournalRow, type LoadRows,
} from './journal-rows.ts';
export { checkMigrationList, runMigrations, type MigrateResult, type Migration, type MigrationTarget } from './migration-runner.ts';
export { checkNotForeign, checkSchema, JOURNAL_SCHEMA, SchemaMismatchError, type ColumnClass, type ExpectedSchema, type FoundSchema } from './schema-check.ts';
