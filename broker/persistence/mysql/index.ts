export { MysqlPersistence, type MysqlPersistenceOptions, type PersistenceLogger } from './mysql-persistence.ts';
export { migrations, type Migration } from './migrations/index.ts';
export { migrateMysql, readSchemaVersion, readSchema } from './migrate.ts';
export { MysqlSetupError, parseMysqlUrl, redactUrl, type MysqlProblem, type MysqlTarget } from './mysql-url.ts';
export { MAX_KEY_BYTES } from './mysql-limits.ts';
export { mariadbAvailable, MariadbServerError, startMariadb, startTestMysql, type MariadbServer, type StartMariadbOptions } from './mariadb-server.ts';
