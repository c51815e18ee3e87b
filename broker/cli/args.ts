// Command-line flags of `broker` and `adduser`. `--flag value` and `--flag=value` are both accepted.
// A bad flag is an ArgsError naming the flag and the fix (the CLI exits 2).
import { isLogLevel, LOG_LEVELS } from '../log/json-logger.ts';
import type { LogLevel } from '../log/json-logger.ts';
import { MysqlSetupError, parseMysqlUrl } from '../persistence/mysql/mysql-url.ts';

export class ArgsError extends Error {
  override readonly name = 'ArgsError';
  constructor(readonly flag: string, readonly detail: string) {
    super(`${flag}: ${detail}`);
  }
}

export interface BrokerArgs {
  help: boolean;
  version: boolean;
  config?: string;
  host?: string;
  port?: number;
  /** Serve Prometheus metrics on this port (0 = a free one). */
  metricsPort?: number;
  metricsHost?: string;
  data?: string;
  /** mysql://user:pass@host:port/db */
  mysql?: string;
  memory: boolean;
  logLevel?: LogLevel;
  sysIntervalMs?: number;
}

export interface AdduserArgs {
  help: boolean;
  config?: string;
  usersFile?: string;
  username?: string;
  password?: string;
}

type Spec = Record<string, 'value' | 'switch'>;

function tokenize(argv: readonly string[], spec: Spec, usage: string): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') { out.set('--help', true); continue; }
    if (!arg.startsWith('--')) throw new ArgsError(arg, `unexpected argument; flags start with "--" (${usage})`);
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const kind = spec[flag];
    if (!kind) throw new ArgsError(flag, `unknown flag; known flags: ${Object.keys(spec).join(', ')}`);
    if (out.has(flag)) throw new ArgsError(flag, 'given twice; give it once');
    if (kind === 'switch') {
      if (eq >= 0) throw new ArgsError(flag, 'takes no value; write it alone');
      out.set(flag, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') throw new ArgsError(flag, `needs a value (${usage})`);
    out.set(flag, value);
  }
  return out;
}

function int(flag: string, value: string, min: number, max: number, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new ArgsError(flag, `expected ${what}, got ${JSON.stringify(value)}`);
  return Number(value);
}

export const BROKER_USAGE = 'mqtt-conformance broker [--config FILE] [--host HOST] [--port N] [--data DIR | --memory | --mysql URL] [--log-level debug|info|warn|error] [--sys-interval MS] [--metrics-port N [--metrics-host HOST]]';

export function parseBrokerArgs(argv: readonly string[]): BrokerArgs {
  const t = tokenize(argv, {
    '--config': 'value', '--host': 'value', '--port': 'value', '--data': 'value', '--memory': 'switch', '--mysql': 'value',
    '--log-level': 'value', '--sys-interval': 'value', '--metrics-port': 'value', '--metrics-host': 'value',
    '--help': 'switch', '--version': 'switch',
  }, `usage: ${BROKER_USAGE}`);
  const str = (flag: string) => t.get(flag) as string | undefined;
  const args: BrokerArgs = { help: t.has('--help'), version: t.has('--version'), memory: t.has('--memory') };
  if (str('--config') !== undefined) args.config = str('--config');
  if (str('--host') !== undefined) args.host = str('--host');
  if (str('--port') !== undefined) args.port = int('--port', str('--port')!, 0, 65535, 'a port number 0..65535 (0 = any free port)');
  if (str('--data') !== undefined) args.data = str('--data');
  const mysqlUrl = str('--mysql');
  if (mysqlUrl !== undefined) {
    try {
      parseMysqlUrl(mysqlUrl);
    } catch (err) {
      if (err instanceof MysqlSetupError) throw new ArgsError('--mysql', err.message.replace(/^\[mysql persistence\] /, ''));
      throw err;
    }
    if (args.memory || args.data !== undefined) throw new ArgsError('--mysql', `cannot be combined with ${args.memory ? '--memory' : '--data'}; choose one store`);
    args.mysql = mysqlUrl;
  }
  if (args.memory && args.data !== undefined) throw new ArgsError('--memory', 'cannot be combined with --data; choose one (--data DIR keeps state on disk, --memory keeps none)');
  const level = str('--log-level');
  if (level !== undefined) {
    if (!isLogLevel(level)) throw new ArgsError('--log-level', `expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
    args.logLevel = level;
  }
  if (str('--sys-interval') !== undefined) args.sysIntervalMs = int('--sys-interval', str('--sys-interval')!, 0, 86_400_000, 'milliseconds 0..86400000 (0 = no $SYS topics)');
  if (str('--metrics-port') !== undefined) args.metricsPort = int('--metrics-port', str('--metrics-port')!, 0, 65535, 'a port number 0..65535 (0 = any free port)');
  if (str('--metrics-host') !== undefined) {
    if (args.metricsPort === undefined) throw new ArgsError('--metrics-host', 'needs --metrics-port N (the Prometheus endpoint is off without a port)');
    args.metricsHost = str('--metrics-host');
  }
  return args;
}

export const ADDUSER_USAGE = 'mqtt-conformance adduser (--config FILE | --users-file FILE) --username NAME [--password PASSWORD | password on stdin]';

export function parseAdduserArgs(argv: readonly string[]): AdduserArgs {
  const t = tokenize(argv, {
    '--config': 'value', '--users-file': 'value', '--username': 'value', '--password': 'value', '--help': 'switch',
  }, `usage: ${ADDUSER_USAGE}`);
  const str = (flag: string) => t.get(flag) as string | undefined;
  const args: AdduserArgs = { help: t.has('--help') };
  if (args.help) return args;
  if (str('--config') !== undefined) args.config = str('--config');
  if (str('--users-file') !== undefined) args.usersFile = str('--users-file');
  if (args.config === undefined && args.usersFile === undefined) throw new ArgsError('--users-file', `missing; give --users-file FILE or --config FILE (whose auth.usersFile is used) (usage: ${ADDUSER_USAGE})`);
  if (args.config !== undefined && args.usersFile !== undefined) throw new ArgsError('--users-file', 'cannot be combined with --config; give one of them');
  const username = str('--username');
  if (username === undefined) throw new ArgsError('--username', `missing; give --username NAME (usage: ${ADDUSER_USAGE})`);
  args.username = username;
  if (str('--password') !== undefined) args.password = str('--password');
  return args;
}
