// The reference broker's package face: what the harness, tests and embedders use.
export { Broker, DefaultIdSource, LocalMessageBus, localMessageBus } from './core/index.ts';
export type {
  AuthResult, Authorizer, BrokerHandle, BrokerLimits, BrokerOptions, Clock, ConnectionMeta, IdSource, Logger,
  MessageBus, MessageBusFactory, LocalDelivery,
} from './core/index.ts';
export { LocalSessionDirectory, SessionRegistry } from './session/index.ts';
export type { OwnerRecord, SessionDirectory } from './session/index.ts';
export type { QoS, StoredMessage } from './model/index.ts';
export { StaleOwnerError } from './model/index.ts';
export { MemoryPersistence, SqlitePersistence } from './persistence/index.ts';
export type { Persistence, PersistedState } from './persistence/index.ts';
export { brokerMain, adduserMain, startBroker, createPersistence, BROKER_VERSION, ArgsError } from './cli/index.ts';
export type { RunningBroker, StartBrokerDeps, BrokerFactory, CliIo } from './cli/index.ts';
export { loadConfig, validateConfig, ConfigError, DEFAULT_LIMITS } from './config/index.ts';
export type { BrokerConfig, ListenerConfig } from './config/index.ts';
export { startListener, startListeners, ListenerError } from './listeners/index.ts';
export type { RunningListener, ConnectionHandler } from './listeners/index.ts';
export { hashPassword, verifyPassword, ConfigAuthorizer, Acl, readUsersFile, upsertUser } from './auth/index.ts';
export type { AclAction, AclRule, UserRecord } from './auth/index.ts';
export { JsonLogger, SilentLogger } from './log/index.ts';
export type { LogLevel } from './log/index.ts';
export { SystemClock } from './clock/index.ts';
export { createBrokerMetrics, startMetricsServer, MetricsServerError } from './metrics/index.ts';
export type { MetricsSource, RunningMetricsServer } from './metrics/index.ts';
