// Public face of the persistence layer: the interface, its types, and the backends.
export type {
  InboundRecord,
  OutboundRecord,
  OutboundState,
  Persistence,
  PersistedState,
  QoS,
  SessionRecord,
  StoredMessage,
  SubscriptionRecord,
  WillRecord,
} from './persistence.ts';
export {
  MigrationError,
  PersistenceClosedError,
  PersistenceError,
  PersistenceNotOpenError,
  SchemaTooNewError,
} from './errors.ts';
export { MemoryPersistence } from './memory/index.ts';
export { SqlitePersistence, type GroupCommitStats, type SqlitePersistenceOptions } from './sqlite/index.ts';
export { MysqlPersistence, MysqlSetupError, redactUrl, type MysqlPersistenceOptions } from './mysql/index.ts';
export { SchemaMismatchError } from './journal/index.ts';
