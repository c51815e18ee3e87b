export { ConfigError } from './config-error.ts';
export { validateConfig } from './validate.ts';
export type { ValidateOptions } from './validate.ts';
export { loadConfig, withUsersFile } from './load-config.ts';
export type { LoadConfigOptions } from './load-config.ts';
export { DEFAULT_LIMITS, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATA_DIR, DEFAULT_WS_PATH, DEFAULT_SYS_INTERVAL_MS } from './defaults.ts';
export type {
  BrokerConfig, ListenerConfig, ListenerType, TcpListenerConfig, TlsListenerConfig, WsListenerConfig, WssListenerConfig,
  PersistenceConfig, AuthConfig,
} from './config-types.ts';
export { applySafeDefaults, isLoopbackHost } from './safe-defaults.ts';
