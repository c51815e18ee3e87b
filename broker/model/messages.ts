// Messages, session records and the Persistence contract: the types every part of the broker shares
// (core, handlers, session, protocol, persistence). A leaf: this folder imports nothing from the broker.
//
// The one seam between the broker and its storage. The broker keeps its working state in memory
// (session table, subscription trie, retained index) and uses a Persistence as a durable journal:
// every mutation is written through, and `load()` rebuilds the state at start.
//
// Durability contract: every mutating method returns a promise that resolves only once the change
// is durable (committed, fsynced by the backend's rules). Implementations batch concurrent writes
// into one commit (group commit), so callers may issue many writes without awaiting each, then
// await them before acknowledging (PUBACK / PUBREC / SUBACK) — "durable before acknowledged".
// Writes issued in order are applied in order.

export type QoS = 0 | 1 | 2;

/** An application message as stored: what a PUBLISH carries, minus per-delivery fields. */
export interface StoredMessage {
  topic: string;
  payload: Buffer;
  qos: QoS;
  retain: boolean;
  /** MQTT 5 properties (kept opaque here); absent for 3.1.1. */
  properties?: Record<string, unknown>;
  /** Milliseconds since epoch (from the injected clock) when the broker took ownership. */
  receivedAt: number;
}

export interface SessionRecord {
  clientId: string;
  /** 3 (3.1), 4 (3.1.1) or 5 */
  protocolVersion: number;
  createdAt: number;
  /** MQTT 5 session expiry, seconds; 0 or absent for 3.1.1 persistent sessions (never expire). */
  expiryInterval?: number;
  /** When the client last disconnected (null while connected). */
  disconnectedAt?: number | null;
}

export interface SubscriptionRecord {
  clientId: string;
  filter: string;
  qos: QoS;
  /** MQTT 5 subscription options, opaque here. */
  options?: Record<string, unknown>;
}

/**
 * One message on its way to a client of a persistent session.
 * - `queued`: not yet sent (client offline or inflight window full); packetId is null.
 * - `sent`: PUBLISH sent with packetId, awaiting PUBACK (QoS 1) or PUBREC (QoS 2).
 * - `released`: QoS 2 PUBREC received, PUBREL sent, awaiting PUBCOMP.
 */
export type OutboundState = 'queued' | 'sent' | 'released';

export interface OutboundRecord {
  clientId: string;
  /** Monotonic per client, assigned by the broker; delivery order. */
  seq: number;
  packetId: number | null;
  state: OutboundState;
  /** The message with the QoS it is delivered at (min of publish and granted QoS). */
  message: StoredMessage;
}

/** QoS 2 PUBLISH received from a client, PUBREC sent, PUBREL not yet received (method A: deliver on receipt, remember the id). */
export interface InboundRecord {
  clientId: string;
  packetId: number;
}

export interface WillRecord {
  clientId: string;
  message: StoredMessage;
  /** MQTT 5 will delay, seconds. */
  delayInterval?: number;
}

/** Everything a broker needs to resume after a restart. */
export interface PersistedState {
  sessions: SessionRecord[];
  subscriptions: SubscriptionRecord[];
  outbound: OutboundRecord[];
  inbound: InboundRecord[];
  retained: StoredMessage[];
  wills: WillRecord[];
}

export interface Persistence {
  /** 'memory' | 'sqlite' | 'mysql' */
  readonly kind: string;
  /** Create or migrate the schema; must be called once before anything else. */
  open(): Promise<void>;
  load(): Promise<PersistedState>;

  saveSession(session: SessionRecord): Promise<void>;
  /** Deletes the session and everything that belongs to it: subscriptions, outbound, inbound, will. */
  deleteSession(clientId: string): Promise<void>;

  saveSubscription(sub: SubscriptionRecord): Promise<void>;
  deleteSubscription(clientId: string, filter: string): Promise<void>;

  /** Insert or replace by (clientId, seq). */
  saveOutbound(record: OutboundRecord): Promise<void>;
  saveOutboundBatch(records: readonly OutboundRecord[]): Promise<void>;
  deleteOutbound(clientId: string, seq: number): Promise<void>;

  saveInbound(record: InboundRecord): Promise<void>;
  deleteInbound(clientId: string, packetId: number): Promise<void>;

  /** Insert or replace by topic. */
  saveRetained(message: StoredMessage): Promise<void>;
  deleteRetained(topic: string): Promise<void>;

  saveWill(will: WillRecord): Promise<void>;
  deleteWill(clientId: string): Promise<void>;

  /** Resolves when every write issued so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
