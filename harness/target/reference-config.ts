// The configuration of the launched reference broker, built from the reference profile so that
// the profile's credentials and denied topics are exactly what the broker enforces (one source).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CERTS_DIR } from './paths.ts';
import type { Profile } from './target-spec.ts';

export interface ReferenceListener {
  type: 'tcp' | 'tls' | 'ws' | 'wss';
  host: string;
  port: number;
  path?: string;
  cert?: string;
  key?: string;
}

export interface ReferenceBrokerConfig {
  listeners: ReferenceListener[];
  persistence: { kind: 'sqlite'; dir: string } | { kind: 'memory' };
  auth: { allowAnonymous: boolean; users: { username: string; passwordHash: string }[] };
  acl: { allow: boolean; action: 'subscribe' | 'publish'; topic: string }[];
  sys: { intervalMs: number };
  log: { level: string };
}

export interface ReferenceConfigOptions {
  dataDir: string;
  certsDir?: string;
  /** Turns a password into the stored salted hash (the broker's hashPassword). */
  hashPassword: (password: string) => Promise<string>;
  logLevel?: string;
  sysIntervalMs?: number;
  /** Listener types to open (default: all four; TLS ones only when the certificates exist). */
  listenerTypes?: ReferenceListener['type'][];
}

export interface ReferenceConfigResult {
  config: ReferenceBrokerConfig;
  /** Capabilities missing from this launch, with the reason (e.g. no certificates → no TLS). */
  unsupported: Record<string, string>;
  caFile?: string;
}

export async function buildReferenceConfig(profile: Profile, options: ReferenceConfigOptions): Promise<ReferenceConfigResult> {
  const certsDir = options.certsDir ?? CERTS_DIR;
  const cert = join(certsDir, 'server.crt');
  const key = join(certsDir, 'server.key');
  const ca = join(certsDir, 'ca.crt');
  const haveCerts = existsSync(cert) && existsSync(key);
  const wanted = options.listenerTypes ?? ['tcp', 'tls', 'ws', 'wss'];
  const unsupported: Record<string, string> = {};
  const listeners: ReferenceListener[] = [];
  for (const type of wanted) {
    const secure = type === 'tls' || type === 'wss';
    if (secure && !haveCerts) {
      unsupported[type === 'tls' ? '@tls' : '@wss'] = `no certificate in ${certsDir} (server.crt, server.key): the reference broker was launched without TLS listeners`;
      continue;
    }
    const listener: ReferenceListener = { type, host: '127.0.0.1', port: 0 };
    if (type === 'ws' || type === 'wss') listener.path = '/mqtt';
    if (secure) { listener.cert = cert; listener.key = key; }
    listeners.push(listener);
  }
  const users = profile.auth === undefined
    ? []
    : [{ username: profile.auth.username, passwordHash: await options.hashPassword(profile.auth.password) }];
  const acl: ReferenceBrokerConfig['acl'] = [];
  if (profile.deniedSubscribeTopic !== undefined) acl.push({ allow: false, action: 'subscribe', topic: profile.deniedSubscribeTopic });
  if (profile.deniedPublishTopic !== undefined) acl.push({ allow: false, action: 'publish', topic: profile.deniedPublishTopic });
  const config: ReferenceBrokerConfig = {
    listeners,
    persistence: { kind: 'sqlite', dir: options.dataDir },
    auth: { allowAnonymous: profile.anonymousRefused !== true, users },
    acl,
    sys: { intervalMs: options.sysIntervalMs ?? 1000 },
    log: { level: options.logLevel ?? 'warn' },
  };
  const result: ReferenceConfigResult = { config, unsupported };
  if (haveCerts && existsSync(ca)) result.caFile = ca;
  return result;
}
