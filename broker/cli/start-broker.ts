// Builds a broker from a validated config and starts it: persistence opened, state loaded,
// every listener up. Used by the CLI and by tests that want a broker in-process.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigAuthorizer } from '../auth/config-authorizer.ts';
import { SystemClock } from '../clock/system-clock.ts';
import type { BrokerConfig, PersistenceConfig } from '../config/config-types.ts';
import { applySafeDefaults } from '../config/safe-defaults.ts';
import type { BrokerHandle, BrokerOptions, Clock, Logger } from '../core/contracts.ts';
import { startListeners } from '../listeners/start-listeners.ts';
import type { RunningListener } from '../listeners/listener.ts';
import { JsonLogger } from '../log/json-logger.ts';
import { redactUrl } from '../persistence/mysql/mysql-url.ts';
import type { Persistence } from '../persistence/persistence.ts';

export type BrokerFactory = (options: BrokerOptions) => BrokerHandle;

export interface StartBrokerDeps {
  /** Default: the core's `new Broker(options)`. */
  createBroker?: BrokerFactory;
  /** Default: JSON lines on stderr at config.log.level. */
  logger?: Logger;
  clock?: Clock;
  /** Default: memory, SQLite or MySQL from config.persistence. */
  persistence?: Persistence;
}

export interface RunningBroker {
  readonly broker: BrokerHandle;
  readonly persistence: Persistence;
  readonly listeners: readonly RunningListener[];
  /** One URL per listener, in config order. */
  readonly urls: readonly string[];
  /** The Prometheus endpoint when config.metrics is set. */
  readonly metricsUrl: string | undefined;
  /** Stop accepting, close the broker (connections, flush, persistence), close the listeners. Idempotent. */
  stop(): Promise<void>;
}

export const BROKER_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

async function defaultFactory(): Promise<BrokerFactory> {
  const core = await import('../core/index.ts');
  return (options) => new core.Broker(options);
}

export async function createPersistence(config: PersistenceConfig, logger?: Logger): Promise<Persistence> {
  const persistence = await import('../persistence/index.ts');
  if (config.kind === 'memory') return new persistence.MemoryPersistence();
  if (config.kind === 'mysql') return new persistence.MysqlPersistence({ url: config.url, ...(logger ? { logger } : {}) });
  mkdirSync(config.dir, { recursive: true });
  return new persistence.SqlitePersistence({ file: join(config.dir, 'broker.db') });
}

/** The persistence config as logged: a MySQL URL without its password. */
export function shownPersistence(config: PersistenceConfig): PersistenceConfig {
  return config.kind === 'mysql' ? { kind: 'mysql', url: redactUrl(config.url) } : config;
}

export async function startBroker(requested: BrokerConfig, deps: StartBrokerDeps = {}): Promise<RunningBroker> {
  const config = applySafeDefaults(requested); // refuses an open broker on a non-loopback address (ConfigError)
  const logger = deps.logger ?? new JsonLogger({ level: config.log.level });
  const clock = deps.clock ?? new SystemClock();
  const persistence = deps.persistence ?? (await createPersistence(config.persistence, logger));
  const authorizer = new ConfigAuthorizer({ allowAnonymous: config.auth.allowAnonymous, users: config.auth.users, acl: config.acl });
  const createBroker = deps.createBroker ?? (await defaultFactory());
  const broker = createBroker({
    persistence, authorizer, clock, logger, limits: config.limits, sysIntervalMs: config.sys.intervalMs, version: BROKER_VERSION,
    ...(config.metrics !== undefined ? { metricsPort: config.metrics.port, metricsHost: config.metrics.host } : {}),
  });
  try {
    await broker.start();
  } catch (err) {
    await persistence.close().catch(() => undefined);
    throw err;
  }
  let listeners: RunningListener[];
  try {
    listeners = await startListeners(config.listeners, broker, { logger, maxPacketSize: config.limits.maxPacketSize, connectTimeoutMs: config.limits.connectTimeoutMs });
  } catch (err) {
    await broker.close().catch(() => undefined);
    throw err;
  }
  logger.log('info', 'broker.listening', {
    version: BROKER_VERSION, urls: listeners.map((l) => l.url), persistence: shownPersistence(config.persistence),
    users: authorizer.userCount, allowAnonymous: config.auth.allowAnonymous, aclRules: config.acl.length,
  });
  let stopping: Promise<void> | undefined;
  return {
    broker, persistence, listeners, urls: listeners.map((l) => l.url),
    metricsUrl: (broker as { metricsUrl?: string }).metricsUrl,
    stop: () => {
      stopping ??= (async () => {
        for (const l of listeners) l.stopAccepting();
        await broker.close();
        await Promise.all(listeners.map((l) => l.close()));
        logger.log('info', 'broker.stopped', {});
      })();
      return stopping;
    },
  };
}
