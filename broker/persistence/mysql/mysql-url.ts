// `mysql://user:pass@host:port/db` -> connection options, and the same URL with the password hidden.
// The password is only ever in the options handed to mysql2; every message uses redactUrl().
import { PersistenceError } from '../errors.ts';

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Why the broker cannot use the MySQL server it was given; the CLI exits 2 on it (a setup problem, not a crash). */
export type MysqlProblem = 'url' | 'credentials' | 'unreachable' | 'database' | 'schema';

export class MysqlSetupError extends PersistenceError {
  constructor(readonly problem: MysqlProblem, message: string, options?: ErrorOptions) {
    super('mysql', message, options);
    this.name = 'MysqlSetupError';
  }
}

const EXAMPLE = 'mysql://user:password@host:3306/database';

export function parseMysqlUrl(url: string): MysqlTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MysqlSetupError('url', `${JSON.stringify(redactText(url))} is not a URL; expected ${EXAMPLE}`);
  }
  const shown = redactUrl(url);
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') throw new MysqlSetupError('url', `${shown}: expected the scheme mysql:// (${EXAMPLE})`);
  if (u.hostname === '') throw new MysqlSetupError('url', `${shown}: no host; expected ${EXAMPLE}`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) throw new MysqlSetupError('url', `${shown}: no database name after the host; expected ${EXAMPLE}`);
  if (u.username === '') throw new MysqlSetupError('url', `${shown}: no user name; expected ${EXAMPLE}`);
  if (u.search !== '' || u.hash !== '') throw new MysqlSetupError('url', `${shown}: query parameters are not supported; give only ${EXAMPLE}`);
  const port = u.port === '' ? 3306 : Number(u.port);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database,
  };
}

/** The URL with its password replaced by `***` (also for strings that do not parse as URLs). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return redactText(url);
  }
}

/** Best effort for text that is not a URL: hide whatever sits between "user:" and "@". */
function redactText(text: string): string {
  return text.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

export function describeTarget(t: MysqlTarget): string {
  return `${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}/${t.database}`;
}
