// The leaf module: shared types, contracts and errors. Nothing here imports from the rest of the broker.
export type {
  InboundRecord, OutboundRecord, OutboundState, PersistedState, Persistence, QoS, SessionRecord, StoredMessage,
  SubscriptionRecord, WillRecord,
} from './messages.ts';
export type { AuthResult, Authorizer, BrokerLimits, Clock, ConnectionMeta, IdSource, Logger } from './contracts.ts';
export { MalformedPacketError, PacketTooLargeError, ProtocolViolationError, StaleOwnerError } from './errors.ts';
