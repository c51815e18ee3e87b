// The Persistence contract and the records it stores live in the broker's leaf module
// (broker/model/messages.ts: the durability contract is written there); this file keeps the
// persistence folder's own import path for its backends and tests.
export type {
  InboundRecord, OutboundRecord, OutboundState, PersistedState, Persistence, QoS, SessionRecord, StoredMessage,
  SubscriptionRecord, WillRecord,
} from '../model/messages.ts';
