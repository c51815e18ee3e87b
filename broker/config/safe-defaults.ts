// Safe defaults (Mosquitto 2.0's local-only mode is the anchor): anonymous clients are allowed by default
// only while every listener is on a loopback address. A listener anyone on the network can reach, with
// no users configured and no explicit `"allowAnonymous": true`, is refused at start; with users
// configured and `allowAnonymous` not given, anonymous clients are refused (CONNACK "not authorized").
import { isIP } from 'node:net';
import { ConfigError } from './config-error.ts';
import type { BrokerConfig } from './config-types.ts';

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false; // a name other than localhost, or a wildcard (0.0.0.0, ::): reachable from elsewhere
}

/** The config with `auth.allowAnonymous` as it applies to these listeners; refuses an open broker on the network. */
export function applySafeDefaults(config: BrokerConfig): BrokerConfig {
  const exposed = config.listeners.findIndex((l) => !isLoopbackHost(l.host));
  if (exposed < 0) return config;
  const explicit = config.auth.allowAnonymousExplicit === true;
  if (config.auth.users.length === 0 && !(explicit && config.auth.allowAnonymous)) {
    const host = config.listeners[exposed]!.host;
    throw new ConfigError(`config.listeners[${exposed}].host`,
      `${JSON.stringify(host)} is not a loopback address and no users are configured, so the broker would be open to anyone who can reach it; ` +
        'add a user (npx mqtt-conformance adduser --config FILE --username NAME, with "auth": { "usersFile": … } in the config), ' +
        'or set "auth": { "allowAnonymous": true } to allow anonymous clients on purpose, or listen on 127.0.0.1');
  }
  if (explicit) return config;
  return { ...config, auth: { ...config.auth, allowAnonymous: false } };
}
