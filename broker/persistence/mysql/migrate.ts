// MySQL's side of the shared migration runner (../journal/migration-runner.ts). DDL commits implicitly
// in MySQL/MariaDB, so steps run one by one and the version is recorded after each; a named lock
// (GET_LOCK) keeps two brokers starting at once on one database from migrating it together.
// Before anything: a database with tables but no schema version is refused (foreign); after: every
// table and column of the newest schema must be there with the right type class.
import type { Connection } from 'mysql2/promise';
import { runMigrations, type MigrateResult } from '../journal/migration-runner.ts';
import { checkNotForeign, checkSchema, JOURNAL_SCHEMA, type ColumnClass, type FoundSchema } from '../journal/schema-check.ts';
import type { Migration } from './migrations/index.ts';
import { MysqlSetupError } from './mysql-url.ts';

const KIND = 'mysql';
/** The schema version JOURNAL_SCHEMA describes. */
const JOURNAL_VERSION = 2;
const LOCK_WAIT_S = 30;

async function rows<T>(conn: Connection, sql: string, values: unknown[] = []): Promise<T[]> {
  const [result] = await conn.query(sql, values);
  return result as T[];
}

async function tables(conn: Connection): Promise<string[]> {
  return (await rows<{ t: string }>(conn, 'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME')).map((r) => r.t);
}

export async function readSchemaVersion(conn: Connection): Promise<number> {
  if (!(await tables(conn)).includes('meta')) return 0;
  const found = await rows<{ value: string }>(conn, "SELECT value FROM meta WHERE `key` = 'schema_version'");
  return found.length === 0 ? 0 : Number(found[0]!.value);
}

/** DATA_TYPE -> class. VARBINARY holds this schema's UTF-8 keys byte-exact, so it counts as text. */
function columnClass(dataType: string): ColumnClass | null {
  const t = dataType.toLowerCase();
  if (/^(tinyint|smallint|mediumint|int|integer|bigint)$/.test(t)) return 'int';
  if (/^(char|varchar|tinytext|text|mediumtext|longtext|varbinary)$/.test(t)) return 'text';
  if (/^(tinyblob|blob|mediumblob|longblob)$/.test(t)) return 'blob';
  return null;
}

export async function readSchema(conn: Connection): Promise<FoundSchema> {
  const cols = await rows<{ t: string; c: string; d: string }>(conn,
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS d FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()');
  const found: FoundSchema = new Map();
  for (const table of await tables(conn)) found.set(table, new Map());
  for (const { t, c, d } of cols) found.get(t)?.set(c, columnClass(d));
  return found;
}

export async function migrateMysql(conn: Connection, database: string, list: readonly Migration[], now: number, where: string): Promise<MigrateResult> {
  const lock = `mqttc.migrate.${database}`.slice(0, 64);
  const [got] = await rows<{ ok: number | null }>(conn, 'SELECT GET_LOCK(?, ?) AS ok', [lock, LOCK_WAIT_S]);
  if (got?.ok !== 1) throw new MysqlSetupError('schema', `${where}: another broker has been migrating this database for over ${LOCK_WAIT_S} s (lock ${lock}); try again when it is done`);
  try {
    checkNotForeign(KIND, where, await readSchemaVersion(conn), await tables(conn));
    return await runMigrations({
      kind: KIND, db: conn, where, transactional: false,
      readVersion: () => readSchemaVersion(conn),
      writeMeta: async (key, value) => {
        await conn.query('INSERT INTO meta (`key`, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)', [key, value]);
      },
      begin: () => undefined,
      commit: () => undefined,
      rollback: () => undefined,
      verify: async () => { if (list.length === JOURNAL_VERSION) checkSchema(KIND, where, JOURNAL_SCHEMA, await readSchema(conn)); },
    }, list, now);
  } finally {
    await conn.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
  }
}
