// The journal's vocabulary, shared by the SQL backends: the write operations (Stmt, one per statement a
// backend prepares), the record -> parameters mapping taken when a write is issued, and the
// rows -> records mapping of load(). Each backend supplies the SQL text for these, in Stmt order.
import { decodeJson, encodeJson } from '../json-codec.ts';
import type {
  OutboundRecord,
  OutboundState,
  PersistedState,
  QoS,
  SessionRecord,
  StoredMessage,
  SubscriptionRecord,
  WillRecord,
} from '../persistence.ts';

/** Index of a write statement in WRITE_SQL; a journal row is [statement, params]. */
export const Stmt = {
  saveSession: 0,
  deleteSessionSubscriptions: 1,
  deleteSessionOutbound: 2,
  deleteSessionInbound: 3,
  deleteSessionWill: 4,
  deleteSession: 5,
  saveSubscription: 6,
  deleteSubscription: 7,
  saveOutbound: 8,
  deleteOutbound: 9,
  saveInbound: 10,
  deleteInbound: 11,
  saveRetained: 12,
  deleteRetained: 13,
  saveWill: 14,
  deleteWill: 15,
} as const;
export type Stmt = (typeof Stmt)[keyof typeof Stmt];

export type JournalRow = [stmt: Stmt, params: unknown[]];

/** The tables of the journal and the columns load() reads, in order; every backend's LOAD_SQL selects these. */
export const LOAD_TABLES = ['sessions', 'subscriptions', 'outbound', 'inbound', 'retained', 'wills'] as const;

/** What a backend's load() query returns per table: rows with the column names of the schema. */
export type LoadRows = Record<(typeof LOAD_TABLES)[number], unknown[]>;

// ---- parameters (record -> row), taken when the write is issued. Payloads are copied into their own
// exact-size memory: the row is bound at commit time (the caller may reuse its Buffer meanwhile), and a
// pooled Buffer or a slice of a socket chunk would drag its whole backing store to the writer thread ----

export function sessionParams(s: SessionRecord): unknown[] {
  return [s.clientId, s.protocolVersion, s.createdAt, s.expiryInterval ?? null, s.disconnectedAt ?? null];
}

export function subscriptionParams(s: SubscriptionRecord): unknown[] {
  return [s.clientId, s.filter, s.qos, encodeJson(s.options)];
}

export function outboundParams(r: OutboundRecord): unknown[] {
  const m = r.message;
  return [r.clientId, r.seq, r.packetId, r.state, m.topic, ownCopy(m.payload), m.qos, m.retain ? 1 : 0, encodeJson(m.properties), m.receivedAt];
}

export function retainedParams(m: StoredMessage): unknown[] {
  return [m.topic, ownCopy(m.payload), m.qos, m.retain ? 1 : 0, encodeJson(m.properties), m.receivedAt];
}

export function willParams(w: WillRecord): unknown[] {
  const m = w.message;
  return [w.clientId, m.topic, ownCopy(m.payload), m.qos, m.retain ? 1 : 0, encodeJson(m.properties), m.receivedAt, w.delayInterval ?? null];
}

function ownCopy(payload: Buffer): Uint8Array {
  return new Uint8Array(payload);
}

// ---- rows (row -> record), used by load() ----

/** BLOBs come back as Buffers (same thread) or Uint8Arrays (from the writer thread). */
function asBuffer(blob: Uint8Array | null): Buffer {
  if (blob === null) return Buffer.alloc(0);
  return Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
}

interface MessageRow {
  topic: string;
  payload: Uint8Array | null;
  qos: number;
  retain: number;
  properties: string | null;
  received_at: number;
}

function message(row: MessageRow): StoredMessage {
  const m: StoredMessage = {
    topic: row.topic,
    payload: asBuffer(row.payload),
    qos: row.qos as QoS,
    retain: row.retain === 1,
    receivedAt: row.received_at,
  };
  const props = decodeJson(row.properties);
  if (props !== undefined) m.properties = props;
  return m;
}

type SessionRow = { client_id: string; protocol_version: number; created_at: number; expiry_interval: number | null; disconnected_at: number | null };
type SubscriptionRow = { client_id: string; filter: string; qos: number; options: string | null };
type OutboundRow = MessageRow & { client_id: string; seq: number; packet_id: number | null; state: OutboundState };
type InboundRow = { client_id: string; packet_id: number };
type WillRow = MessageRow & { client_id: string; delay_interval: number | null };

/** Maps the rows of LOAD_SQL to the records of PersistedState. */
export function stateFromRows(rows: LoadRows): PersistedState {
  return {
    sessions: (rows.sessions as SessionRow[]).map((r) => {
      const s: SessionRecord = { clientId: r.client_id, protocolVersion: r.protocol_version, createdAt: r.created_at, disconnectedAt: r.disconnected_at };
      if (r.expiry_interval !== null) s.expiryInterval = r.expiry_interval;
      return s;
    }),
    subscriptions: (rows.subscriptions as SubscriptionRow[]).map((r) => {
      const s: SubscriptionRecord = { clientId: r.client_id, filter: r.filter, qos: r.qos as QoS };
      const options = decodeJson(r.options);
      if (options !== undefined) s.options = options;
      return s;
    }),
    outbound: (rows.outbound as OutboundRow[]).map((r) => ({
      clientId: r.client_id,
      seq: r.seq,
      packetId: r.packet_id,
      state: r.state,
      message: message(r),
    })),
    inbound: (rows.inbound as InboundRow[]).map((r) => ({ clientId: r.client_id, packetId: r.packet_id })),
    retained: (rows.retained as MessageRow[]).map(message),
    wills: (rows.wills as WillRow[]).map((r) => {
      const w: WillRecord = { clientId: r.client_id, message: message(r) };
      if (r.delay_interval !== null) w.delayInterval = r.delay_interval;
      return w;
    }),
  };
}
