// Flags override the config: --host/--port the first tcp listener (one is added if there is none),
// --data/--memory/--mysql the persistence, --log-level and --sys-interval their keys.
import { resolve } from 'node:path';
import type { BrokerConfig, ListenerConfig } from '../config/config-types.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../config/defaults.ts';
import type { BrokerArgs } from './args.ts';

export function applyFlags(config: BrokerConfig, args: BrokerArgs, cwd: string): BrokerConfig {
  let listeners: ListenerConfig[] = config.listeners;
  if (args.host !== undefined || args.port !== undefined) {
    const index = listeners.findIndex((l) => l.type === 'tcp');
    const base = index >= 0 ? listeners[index]! : { type: 'tcp' as const, host: DEFAULT_HOST, port: DEFAULT_PORT };
    const tcp = { ...base, ...(args.host !== undefined ? { host: args.host } : {}), ...(args.port !== undefined ? { port: args.port } : {}) };
    listeners = index >= 0 ? listeners.map((l, i) => (i === index ? tcp : l)) : [tcp, ...listeners];
  }
  let persistence = config.persistence;
  if (args.memory) persistence = { kind: 'memory' };
  else if (args.data !== undefined) persistence = { kind: 'sqlite', dir: resolve(cwd, args.data) };
  else if (args.mysql !== undefined) persistence = { kind: 'mysql', url: args.mysql };
  return {
    ...config,
    listeners,
    persistence,
    log: args.logLevel !== undefined ? { level: args.logLevel } : config.log,
    sys: args.sysIntervalMs !== undefined ? { intervalMs: args.sysIntervalMs } : config.sys,
    ...(args.metricsPort !== undefined
      ? { metrics: { port: args.metricsPort, host: args.metricsHost ?? config.metrics?.host ?? DEFAULT_HOST } }
      : config.metrics !== undefined ? { metrics: config.metrics } : {}),
  };
}
