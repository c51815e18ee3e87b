// The broker's configuration after validation and defaults; every path is absolute.
import type { AclRule } from '../auth/acl.ts';
import type { UserRecord } from '../auth/users-file.ts';
import type { BrokerLimits } from '../core/contracts.ts';
import type { LogLevel } from '../log/json-logger.ts';

export interface TcpListenerConfig { type: 'tcp'; host: string; port: number }
/** Client certificates: `clientCa` verifies them (the CN becomes the username); `requireClientCert` refuses clients without one. */
export interface ClientCertOptions { clientCa?: string; requireClientCert?: boolean }
export interface TlsListenerConfig extends ClientCertOptions { type: 'tls'; host: string; port: number; cert: string; key: string; ca?: string }
export interface WsListenerConfig { type: 'ws'; host: string; port: number; path: string }
export interface WssListenerConfig extends ClientCertOptions { type: 'wss'; host: string; port: number; path: string; cert: string; key: string; ca?: string }
export type ListenerConfig = TcpListenerConfig | TlsListenerConfig | WsListenerConfig | WssListenerConfig;
export type ListenerType = ListenerConfig['type'];

/** `mysql`: the URL holds the password; show it only through redactUrl() (broker/persistence/mysql/mysql-url.ts). */
export type PersistenceConfig = { kind: 'memory' } | { kind: 'sqlite'; dir: string } | { kind: 'mysql'; url: string };

export interface AuthConfig {
  allowAnonymous: boolean;
  /** Present when the config said `allowAnonymous` itself (the safe-defaults check needs to know). */
  allowAnonymousExplicit?: true;
  /** Inline users and those of usersFile, merged (the file wins on a duplicate name). */
  users: UserRecord[];
  usersFile?: string;
}

export interface BrokerConfig {
  listeners: ListenerConfig[];
  persistence: PersistenceConfig;
  auth: AuthConfig;
  acl: AclRule[];
  limits: BrokerLimits;
  sys: { intervalMs: number };
  log: { level: LogLevel };
  /** Prometheus endpoint (GET /metrics); absent = off. */
  metrics?: { port: number; host: string };
}
