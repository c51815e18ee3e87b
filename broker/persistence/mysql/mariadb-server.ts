// A private MariaDB server for tests, benches and (later) the cluster launcher: a datadir made by
// `mariadb-install-db` (once, then copied), `mariadbd` on a free loopback port, a user with a random password and a
// database, stopped by its PID. Readiness is detected by connecting (retried until a deadline), never
// by sleeping. Or, when MQTT_TEST_MYSQL_URL is set, that server is used instead (nothing is started;
// databases are created and dropped on it).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

export interface MariadbServer {
  /** `mysql://user:pass@127.0.0.1:port/` (no database); give databaseUrl() a name for one. */
  readonly baseUrl: string;
  readonly port: number;
  /** null for an external server (MQTT_TEST_MYSQL_URL). */
  readonly pid: number | null;
  readonly datadir: string | null;
  /** Milliseconds from spawn to the first successful connection (0 for an external server). */
  readonly startMs: number;
  /** Milliseconds to make the datadir: a copy of the installed template (mariadb-install-db runs once per machine). */
  readonly installMs: number;
  /** Creates a fresh, uniquely named database and returns its URL. */
  createDatabase(prefix?: string): Promise<{ name: string; url: string; drop(): Promise<void> }>;
  databaseUrl(name: string): string;
  /** SIGKILL by PID, wait for the exit (the datadir is kept, so restart() finds the data). */
  kill(): Promise<void>;
  /** Starts mariadbd again on the same datadir and port; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** SIGTERM by PID, wait, remove the datadir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartMariadbOptions {
  /** Deadline for mariadbd to accept a connection. Default 20 s (the machine may be loaded). */
  readyDeadlineMs?: number;
  /** Extra mariadbd flags, e.g. ['--innodb-flush-log-at-trx-commit=1']. */
  extraArgs?: readonly string[];
}

export class MariadbServerError extends Error {
  override readonly name = 'MariadbServerError';
}

const USER = 'mqttc';

/** Is a local mariadbd available (for tests that skip without one and without MQTT_TEST_MYSQL_URL)? */
export function mariadbAvailable(): boolean {
  if (process.env.MQTT_TEST_MYSQL_URL) return true;
  return spawnSync('mariadbd', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** The server of MQTT_TEST_MYSQL_URL when set, else a private mariadbd. */
export async function startTestMysql(options: StartMariadbOptions = {}): Promise<MariadbServer> {
  const external = process.env.MQTT_TEST_MYSQL_URL;
  return external ? externalServer(external) : startMariadb(options);
}

export async function startMariadb(options: StartMariadbOptions = {}): Promise<MariadbServer> {
  const deadline = options.readyDeadlineMs ?? 20_000;
  const root = mkdtempSync(join(tmpdir(), 'mqttc-mariadb-'));
  const datadir = join(root, 'data');
  const socket = join(root, 'mysqld.sock');
  const t0 = performance.now();
  try {
    cpSync(installedTemplate(), datadir, { recursive: true });
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const installMs = performance.now() - t0;
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const args = [
    '--no-defaults', ...userArg(), `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`,
    '--bind-address=127.0.0.1', '--skip-name-resolve', `--pid-file=${join(root, 'mysqld.pid')}`,
    `--log-error=${join(root, 'error.log')}`, '--innodb-buffer-pool-size=64M', '--innodb-log-file-size=16M',
    '--max-allowed-packet=64M', '--innodb-flush-log-at-trx-commit=1', '--skip-log-bin', ...(options.extraArgs ?? []),
  ];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const launch = async (): Promise<number> => {
    const started = performance.now();
    child = spawn('mariadbd', args, { stdio: 'ignore' });
    const c = child;
    // If this process ends without stop() (a crash, an uncaught error), do not leave mariadbd behind.
    const orphanGuard = (): void => { if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); };
    process.once('exit', orphanGuard);
    exited = new Promise((resolve) => c.once('exit', () => { process.off('exit', orphanGuard); resolve(); }));
    let gone = false;
    void exited.then(() => { gone = true; });
    const end = performance.now() + deadline;
    for (;;) {
      try {
        const conn = await mysql.createConnection({ socketPath: socket, user: 'root', connectTimeout: 1000 });
        await conn.end();
        return performance.now() - started;
      } catch (err) {
        if (gone) throw new MariadbServerError(`mariadbd exited before accepting connections; see ${join(root, 'error.log')}`);
        if (performance.now() > end) throw new MariadbServerError(`mariadbd did not accept a connection within ${deadline} ms: ${(err as Error).message}`);
        await nextConnectAttempt();
      }
    }
  };
  let startMs: number;
  try {
    startMs = await launch();
    const conn = await mysql.createConnection({ socketPath: socket, user: 'root' });
    await conn.query(`CREATE USER '${USER}'@'%' IDENTIFIED BY '${password}'`);
    await conn.query(`GRANT ALL PRIVILEGES ON *.* TO '${USER}'@'%'`);
    await conn.end();
  } catch (err) {
    (child as ChildProcess | null)?.kill('SIGKILL');
    await exited;
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const baseUrl = `mysql://${USER}:${password}@127.0.0.1:${port}/`;
  let stopped = false;
  const server: MariadbServer = {
    baseUrl, port, datadir, startMs, installMs,
    get pid() { return (child as ChildProcess | null)?.pid ?? null; },
    databaseUrl: (name) => `${baseUrl}${name}`,
    createDatabase: (prefix) => createDatabaseOn(baseUrl, prefix),
    kill: async () => {
      const c = child as ChildProcess | null;
      if (c && c.exitCode === null && c.signalCode === null) process.kill(c.pid!, 'SIGKILL');
      await exited;
    },
    restart: async () => {
      await server.kill();
      await launch();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const c = child as ChildProcess | null;
      if (c && c.exitCode === null && c.signalCode === null) process.kill(c.pid!, 'SIGTERM');
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
  return server;
}

/**
 * A freshly installed datadir, made once per machine and mariadbd version (mariadb-install-db takes
 * seconds; copying its result takes milliseconds). Built in a private temp dir and renamed into place,
 * so processes starting at once never see a half-made template.
 */
function installedTemplate(): string {
  const version = spawnSync('mariadbd', ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/[^\w.-]+/g, '_').slice(0, 80);
  const uid = process.getuid?.() ?? 'user';
  const template = join(tmpdir(), `mqttc-mariadb-template-${uid}-${version}`);
  if (existsSync(join(template, 'mysql'))) return template;
  const building = mkdtempSync(join(tmpdir(), 'mqttc-mariadb-building-'));
  const install = spawnSync('mariadb-install-db', [
    '--no-defaults', `--datadir=${join(building, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db',
    ...userArg(), '--innodb-log-file-size=16M',
  ], { encoding: 'utf8' });
  if (install.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new MariadbServerError(`mariadb-install-db failed (${install.status ?? install.error?.message}): ${(install.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}; is Debian's mariadb-server installed?`);
  }
  try {
    renameSync(join(building, 'data'), template);
  } catch (err) {
    if (!existsSync(join(template, 'mysql'))) throw err; // another process won the race: use its template
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

function externalServer(url: string): MariadbServer {
  const u = new URL(url);
  u.pathname = '/';
  const baseUrl = u.toString();
  const refuse = (what: string) => () => Promise.reject(new MariadbServerError(`${what} needs a private mariadbd; unset MQTT_TEST_MYSQL_URL`));
  return {
    baseUrl, port: Number(u.port || 3306), pid: null, datadir: null, startMs: 0, installMs: 0,
    databaseUrl: (name) => `${baseUrl}${name}`,
    createDatabase: (prefix) => createDatabaseOn(baseUrl, prefix),
    kill: refuse('kill()'),
    restart: refuse('restart()'),
    stop: () => Promise.resolve(),
  };
}

async function createDatabaseOn(baseUrl: string, prefix = 'mqttc_test'): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const conn = await mysql.createConnection(baseUrl);
  try {
    await conn.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await conn.end();
  }
  return {
    name,
    url: `${baseUrl}${name}`,
    drop: async () => {
      const c = await mysql.createConnection(baseUrl).catch(() => null);
      if (c === null) return; // server gone: nothing to drop
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

/** mariadbd refuses to run as root unless told to. */
function userArg(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Paces connection attempts while mariadbd starts (the event being waited for is "accepts a connection"). */
function nextConnectAttempt(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10));
}
