export { Broker, BrokerNotStartedError } from './broker.ts';
export { BrokerCore } from './broker-core.ts';
export type { BrokerCounters, Dispatcher } from './broker-core.ts';
export { DefaultIdSource } from './ids.ts';
export { LocalMessageBus, localMessageBus } from './message-bus.ts';
export type { LocalDelivery, MessageBus, MessageBusFactory } from './message-bus.ts';
export { Connection } from './connection.ts';
export { MalformedPacketError, PacketTooLargeError, ProtocolViolationError, StaleOwnerError } from './errors.ts';
export type {
  AuthResult,
  Authorizer,
  BrokerHandle,
  BrokerLimits,
  BrokerOptions,
  Clock,
  ConnectionMeta,
  IdSource,
  Logger,
} from './contracts.ts';
