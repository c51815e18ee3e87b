import type { Connection } from 'mysql2/promise';
import type { Migration as JournalMigration } from '../../journal/migration-runner.ts';

/** One step of the MySQL schema. Its DDL commits implicitly; the runner records the version after it. */
export type Migration = JournalMigration<Connection>;
