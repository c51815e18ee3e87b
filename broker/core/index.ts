export { Broker, BrokerNotStartedError } from './broker.ts';
export { BrokerCore } from './broker-core.ts';
export type { BrokerCounters } from './broker-core.ts';
export { Connection } from './connection.ts';
export { MalformedPacketError, PacketTooLargeError, ProtocolViolationError } from './errors.ts';
export type {
  AuthResult,
  Authorizer,
  BrokerHandle,
  BrokerLimits,
  BrokerOptions,
  Clock,
  ConnectionMeta,
  Logger,
} from './contracts.ts';
