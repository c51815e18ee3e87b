// Turns parsed JSON into a BrokerConfig: every key checked, defaults filled in, relative paths
// resolved against the config file's folder. Errors name the key, say what is wrong and how to fix it.
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { AclAction, AclRule } from '../auth/acl.ts';
import { UsersFileError, validateUsers } from '../auth/users-file.ts';
import type { UserRecord } from '../auth/users-file.ts';
import type { BrokerLimits } from '../core/contracts.ts';
import { isLogLevel, LOG_LEVELS } from '../log/json-logger.ts';
import { MysqlSetupError, parseMysqlUrl } from '../persistence/mysql/mysql-url.ts';
import { ConfigError } from './config-error.ts';
import type { AuthConfig, BrokerConfig, ListenerConfig, PersistenceConfig } from './config-types.ts';
import {
  DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT, DEFAULT_SYS_INTERVAL_MS, DEFAULT_WS_PATH, MAX_PACKET_SIZE_LIMIT,
} from './defaults.ts';

type Obj = Record<string, unknown>;

export interface ValidateOptions {
  /** Folder that relative paths resolve against (the config file's folder, or the working directory). */
  baseDir: string;
  /** Shown in front of error messages. */
  file?: string;
  /** Check that certificate/key files are readable (default true). */
  checkFiles?: boolean;
}

const TOP_KEYS = ['listeners', 'persistence', 'mysql', 'auth', 'acl', 'limits', 'sys', 'log', 'metrics'] as const;
const LIMIT_KEYS = Object.keys(DEFAULT_LIMITS) as (keyof BrokerLimits)[];

export function validateConfig(raw: unknown, options: ValidateOptions): BrokerConfig {
  const v = new Validator(options);
  const root = v.object(raw, 'config', TOP_KEYS);
  return {
    listeners: v.listeners(root.listeners, 'config.listeners'),
    persistence: root.mysql !== undefined ? v.mysql(root.mysql, root.persistence) : v.persistence(root.persistence, 'config.persistence'),
    auth: v.auth(root.auth, 'config.auth'),
    acl: v.acl(root.acl, 'config.acl'),
    limits: v.limits(root.limits, 'config.limits'),
    sys: v.sys(root.sys, 'config.sys'),
    log: v.log(root.log, 'config.log'),
    ...(root.metrics !== undefined ? { metrics: v.metrics(root.metrics, 'config.metrics') } : {}),
  };
}

class Validator {
  constructor(private readonly options: ValidateOptions) {}

  fail(key: string, detail: string): never {
    throw new ConfigError(key, detail, this.options.file);
  }

  object(value: unknown, key: string, known: readonly string[]): Obj {
    if (value === undefined) return {};
    if (!value || typeof value !== 'object' || Array.isArray(value)) this.fail(key, `expected an object, got ${show(value)}`);
    for (const k of Object.keys(value)) {
      if (!known.includes(k)) this.fail(`${key}.${k}`, `unknown key; known keys: ${known.join(', ')}`);
    }
    return value as Obj;
  }

  string(value: unknown, key: string, fallback?: string): string {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || value.length === 0) this.fail(key, `expected a non-empty string, got ${show(value)}`);
    return value;
  }

  boolean(value: unknown, key: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${show(value)}`);
    return value;
  }

  integer(value: unknown, key: string, fallback: number, min: number, max: number, what: string): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(key, `expected ${what}, got ${show(value)}`);
    }
    return value;
  }

  path(value: unknown, key: string, fallback?: string): string {
    return resolve(this.options.baseDir, this.string(value, key, fallback));
  }

  readableFile(value: unknown, key: string, what: string): string {
    const file = this.path(value, key);
    if (this.options.checkFiles !== false) {
      try {
        accessSync(file, constants.R_OK);
      } catch (err) {
        this.fail(key, `cannot read ${JSON.stringify(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'}); give the path of a ${what}, relative to the config file's folder`);
      }
    }
    return file;
  }

  listeners(value: unknown, key: string): ListenerConfig[] {
    if (value === undefined) return [{ type: 'tcp', host: DEFAULT_HOST, port: DEFAULT_PORT }];
    if (!Array.isArray(value) || value.length === 0) this.fail(key, `expected a non-empty array of listeners, got ${show(value)}`);
    return value.map((entry, i) => this.listener(entry, `${key}[${i}]`));
  }

  listener(value: unknown, key: string): ListenerConfig {
    const type = (value && typeof value === 'object' && !Array.isArray(value)) ? (value as Obj).type : undefined;
    const keys: Record<string, readonly string[]> = {
      tcp: ['type', 'host', 'port'],
      tls: ['type', 'host', 'port', 'cert', 'key', 'ca', 'clientCa', 'requireClientCert'],
      ws: ['type', 'host', 'port', 'path'],
      wss: ['type', 'host', 'port', 'path', 'cert', 'key', 'ca', 'clientCa', 'requireClientCert'],
    };
    const known = typeof type === 'string' ? keys[type] : undefined;
    if (!known) this.fail(`${key}.type`, `expected one of "tcp", "tls", "ws", "wss", got ${show(type)}`);
    const o = this.object(value, key, known);
    const host = this.string(o.host, `${key}.host`, DEFAULT_HOST);
    const port = this.integer(o.port, `${key}.port`, DEFAULT_PORT, 0, 65535, 'a port number 0..65535 (0 = any free port)');
    const wsPath = (): string => {
      const p = this.string(o.path, `${key}.path`, DEFAULT_WS_PATH);
      if (!p.startsWith('/')) this.fail(`${key}.path`, `expected a URL path starting with "/", got ${show(p)}`);
      return p;
    };
    const tls = () => ({
      cert: this.readableFile(o.cert, `${key}.cert`, 'PEM certificate file'),
      key: this.readableFile(o.key, `${key}.key`, 'PEM private key file'),
      ...(o.ca !== undefined ? { ca: this.readableFile(o.ca, `${key}.ca`, 'PEM CA certificate file') } : {}),
      // client certificates: verified against clientCa, the certificate's CN is the username
      ...(o.clientCa !== undefined ? { clientCa: this.readableFile(o.clientCa, `${key}.clientCa`, 'PEM CA file for client certificates') } : {}),
      ...(o.requireClientCert !== undefined ? { requireClientCert: this.requireClientCert(o, key) } : {}),
    });
    switch (type) {
      case 'tcp': return { type, host, port };
      case 'tls': return { type, host, port, ...tls() };
      case 'ws': return { type, host, port, path: wsPath() };
      default: return { type: 'wss', host, port, path: wsPath(), ...tls() };
    }
  }

  requireClientCert(o: Obj, key: string): boolean {
    const required = this.boolean(o.requireClientCert, `${key}.requireClientCert`, false);
    if (required && o.clientCa === undefined) this.fail(`${key}.requireClientCert`, 'needs clientCa (the CA that signs client certificates): add "clientCa": "ca.pem" or remove requireClientCert');
    return required;
  }

  metrics(value: unknown, key: string): BrokerConfig['metrics'] {
    if (value === undefined) return undefined;
    const o = this.object(value, key, ['port', 'host']);
    if (o.port === undefined) this.fail(`${key}.port`, 'expected a port number 0..65535 (0 = any free port), got nothing');
    return {
      port: this.integer(o.port, `${key}.port`, 0, 0, 65535, 'a port number 0..65535 (0 = any free port)'),
      host: this.string(o.host, `${key}.host`, DEFAULT_HOST),
    };
  }

  persistence(value: unknown, key: string): PersistenceConfig {
    const kind = (value && typeof value === 'object' && !Array.isArray(value)) ? (value as Obj).kind ?? 'sqlite' : 'sqlite';
    if (kind === 'mysql') this.fail(`${key}.kind`, 'MySQL is configured with the top-level key "mysql": "mysql://user:password@host:3306/database" (and no "persistence" key)');
    if (kind !== 'sqlite' && kind !== 'memory') this.fail(`${key}.kind`, `expected "sqlite" or "memory" (or a top-level "mysql" URL), got ${show(kind)}`);
    const o = this.object(value, key, kind === 'sqlite' ? ['kind', 'dir'] : ['kind']);
    if (kind === 'memory') return { kind };
    return { kind, dir: this.path(o.dir, `${key}.dir`, DEFAULT_DATA_DIR) };
  }

  /** `"mysql": "mysql://user:pass@host:port/db"`: persistence on MySQL/MariaDB (instead of a `persistence` key). */
  mysql(value: unknown, persistence: unknown): PersistenceConfig {
    if (persistence !== undefined) this.fail('config.mysql', 'cannot be combined with config.persistence; keep one of them ("mysql" stores in MySQL, "persistence" in SQLite or memory)');
    // Not show()n: a wrong shape may still hold the password.
    if (typeof value !== 'string' || value === '') this.fail('config.mysql', `expected a URL string "mysql://user:password@host:3306/database", got ${Array.isArray(value) ? 'an array' : typeof value}`);
    const url = value;
    try {
      parseMysqlUrl(url);
    } catch (err) {
      if (err instanceof MysqlSetupError) this.fail('config.mysql', err.message.replace(/^\[mysql persistence\] /, ''));
      throw err;
    }
    return { kind: 'mysql', url };
  }

  auth(value: unknown, key: string): AuthConfig {
    const o = this.object(value, key, ['allowAnonymous', 'users', 'usersFile']);
    const allowAnonymous = this.boolean(o.allowAnonymous, `${key}.allowAnonymous`, true);
    let users: UserRecord[] = [];
    if (o.users !== undefined) {
      try {
        users = validateUsers(o.users, this.options.file ?? 'config', `${key}.users`);
      } catch (err) {
        if (err instanceof UsersFileError) this.fail(err.key, err.detail);
        throw err;
      }
    }
    const usersFile = o.usersFile === undefined ? undefined : this.path(o.usersFile, `${key}.usersFile`);
    return { allowAnonymous, users, ...(usersFile ? { usersFile } : {}), ...(o.allowAnonymous !== undefined ? { allowAnonymousExplicit: true as const } : {}) };
  }

  acl(value: unknown, key: string): AclRule[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(key, `expected an array of rules { "allow", "action", "topic", "username"?, "clientId"? }, got ${show(value)}`);
    return value.map((entry, i) => {
      const k = `${key}[${i}]`;
      const o = this.object(entry, k, ['allow', 'action', 'topic', 'username', 'clientId']);
      if (typeof o.allow !== 'boolean') this.fail(`${k}.allow`, `expected true or false, got ${show(o.allow)}`);
      const action = o.action;
      if (action !== 'publish' && action !== 'subscribe' && action !== 'read' && action !== 'all') {
        this.fail(`${k}.action`, `expected "publish", "subscribe", "read" or "all", got ${show(action)}`);
      }
      const topic = this.string(o.topic, `${k}.topic`);
      const problem = filterProblem(topic);
      if (problem) this.fail(`${k}.topic`, `${problem}, got ${show(topic)}`);
      const rule: AclRule = { allow: o.allow, action: action as AclAction, topic };
      if (o.username !== undefined) rule.username = this.string(o.username, `${k}.username`);
      if (o.clientId !== undefined) rule.clientId = this.string(o.clientId, `${k}.clientId`);
      return rule;
    });
  }

  limits(value: unknown, key: string): BrokerLimits {
    const o = this.object(value, key, LIMIT_KEYS);
    const positive = (name: keyof BrokerLimits, max = Number.MAX_SAFE_INTEGER) =>
      this.integer(o[name], `${key}.${name}`, DEFAULT_LIMITS[name] as number, 1, max, max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `a positive integer up to ${max}`);
    const limits: BrokerLimits = {
      maxPacketSize: positive('maxPacketSize', MAX_PACKET_SIZE_LIMIT),
      maxInflight: positive('maxInflight', 65535),
      maxQueued: positive('maxQueued'),
      connectTimeoutMs: positive('connectTimeoutMs'),
      maxConnections: positive('maxConnections'),
      maxSubscriptions: positive('maxSubscriptions'),
      queueQos0: this.boolean(o.queueQos0, `${key}.queueQos0`, DEFAULT_LIMITS.queueQos0),
      queueHighWater: positive('queueHighWater'),
      slowConsumerMs: positive('slowConsumerMs'),
      maxBufferedInputBytes: positive('maxBufferedInputBytes'),
      maxConcurrentAuth: positive('maxConcurrentAuth'),
      authBackoffBaseMs: this.integer(o.authBackoffBaseMs, `${key}.authBackoffBaseMs`, DEFAULT_LIMITS.authBackoffBaseMs as number, 0, 3_600_000, 'milliseconds 0..3600000 (0 = no backoff)'),
      authBackoffMaxMs: positive('authBackoffMaxMs'),
    };
    if ((limits.maxBufferedInputBytes ?? 0) < limits.maxPacketSize) {
      this.fail(`${key}.maxBufferedInputBytes`, `${limits.maxBufferedInputBytes} is less than limits.maxPacketSize ${limits.maxPacketSize}: one packet must fit; raise limits.maxBufferedInputBytes or lower limits.maxPacketSize`);
    }
    return limits;
  }

  sys(value: unknown, key: string): { intervalMs: number } {
    const o = this.object(value, key, ['intervalMs']);
    return { intervalMs: this.integer(o.intervalMs, `${key}.intervalMs`, DEFAULT_SYS_INTERVAL_MS, 0, 86_400_000, 'milliseconds 0..86400000 (0 = no $SYS topics)') };
  }

  log(value: unknown, key: string): BrokerConfig['log'] {
    const o = this.object(value, key, ['level']);
    if (o.level === undefined) return { level: 'info' };
    if (!isLogLevel(o.level)) this.fail(`${key}.level`, `expected one of ${LOG_LEVELS.map((l) => `"${l}"`).join(', ')}, got ${show(o.level)}`);
    return { level: o.level };
  }
}

/** Why a topic filter is invalid, or undefined when it is valid. */
function filterProblem(filter: string): string | undefined {
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return 'expected a topic filter: "#" only as a whole last level';
    if (level.includes('+') && level !== '+') return 'expected a topic filter: "+" only as a whole level';
  }
  if (filter.includes('\u0000')) return 'expected a topic filter without U+0000';
  return undefined;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
