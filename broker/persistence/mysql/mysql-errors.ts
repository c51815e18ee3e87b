// What a mysql2 error means to the broker: a lost server (retry: the write stays pending), a lock
// conflict (retry), or a refusal of the write itself (reject the batch). And, at open(), which setup
// problem it is, in one line that never contains the password.
import { describeTarget, MysqlSetupError, type MysqlTarget } from './mysql-url.ts';

interface MysqlErrorLike {
  code?: string;
  errno?: number;
  fatal?: boolean;
  message?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
]);
/** Server going away or busy, deadlock, lock wait timeout, read-only during failover. */
const RETRY_ERRNOS = new Set([1053, 1040, 1205, 1213, 1290, 1836, 2006, 2013, 1927, 4031]);

/** The connection is unusable: drop it and connect again. */
export function isConnectionLost(err: unknown): boolean {
  const e = err as MysqlErrorLike;
  return e.fatal === true || (e.code !== undefined && NETWORK_CODES.has(e.code)) || e.errno === 1053 || e.errno === 2006 || e.errno === 2013 || e.errno === 1927 || e.errno === 4031;
}

/** Worth trying again (the write is fine, the server is not, for now). */
export function isTransient(err: unknown): boolean {
  const e = err as MysqlErrorLike;
  return isConnectionLost(err) || (e.errno !== undefined && RETRY_ERRNOS.has(e.errno));
}

/** A connect/open failure as a one-line setup error naming the cause. */
export function setupError(err: unknown, target: MysqlTarget): MysqlSetupError {
  if (err instanceof MysqlSetupError) return err;
  const e = err as MysqlErrorLike;
  const where = describeTarget(target);
  const hostPort = `${target.host}:${target.port}`;
  if (e.errno === 1045 || e.code === 'ER_ACCESS_DENIED_ERROR' || e.code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR') {
    return new MysqlSetupError('credentials', `access denied for user ${JSON.stringify(target.user)} on ${hostPort}: wrong user name or password (fix the URL, or create the user)`, { cause: err });
  }
  if (e.errno === 1049 || e.code === 'ER_BAD_DB_ERROR') {
    return new MysqlSetupError('database', `database ${JSON.stringify(target.database)} does not exist on ${hostPort}: create it (CREATE DATABASE \`${target.database}\`) or fix the URL`, { cause: err });
  }
  if (e.errno === 1044 || e.code === 'ER_DBACCESS_DENIED_ERROR') {
    return new MysqlSetupError('credentials', `user ${JSON.stringify(target.user)} may not use database ${JSON.stringify(target.database)} on ${hostPort}: GRANT ALL ON \`${target.database}\`.* TO the user`, { cause: err });
  }
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) {
    return new MysqlSetupError('unreachable', `cannot reach the MySQL server at ${hostPort} (${e.code}): is it running, and is the host and port right?`, { cause: err });
  }
  return new MysqlSetupError('unreachable', `cannot open ${where}: ${e.code ?? ''}${e.code ? ' ' : ''}${String(e.message ?? err)}`, { cause: err });
}
