export { SqlitePersistence, type GroupCommitStats, type SqlitePersistenceOptions } from './sqlite-persistence.ts';
export { migrations, type Migration } from './migrations/index.ts';
export { migrate, readSchemaVersion, type MigrateResult } from './migrate.ts';
