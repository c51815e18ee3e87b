// Prepared statements of the SQLite backend and the row <-> record mapping. Prepared once at open().
import type Database from 'better-sqlite3';
import { decodeJson, encodeJson } from '../json-codec.ts';
import type {
  InboundRecord,
  OutboundRecord,
  OutboundState,
  QoS,
  SessionRecord,
  StoredMessage,
  SubscriptionRecord,
  WillRecord,
} from '../persistence.ts';

type Stmt = Database.Statement<unknown[], unknown>;

export interface Statements {
  saveSession: Stmt;
  deleteSession: Stmt[];
  saveSubscription: Stmt;
  deleteSubscription: Stmt;
  saveOutbound: Stmt;
  deleteOutbound: Stmt;
  saveInbound: Stmt;
  deleteInbound: Stmt;
  saveRetained: Stmt;
  deleteRetained: Stmt;
  saveWill: Stmt;
  deleteWill: Stmt;
}

export function prepareStatements(db: Database.Database): Statements {
  const p = (sql: string): Stmt => db.prepare(sql);
  return {
    saveSession: p(
      `INSERT OR REPLACE INTO sessions (client_id, protocol_version, created_at, expiry_interval, disconnected_at)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    deleteSession: [
      p('DELETE FROM subscriptions WHERE client_id = ?'),
      p('DELETE FROM outbound WHERE client_id = ?'),
      p('DELETE FROM inbound WHERE client_id = ?'),
      p('DELETE FROM wills WHERE client_id = ?'),
      p('DELETE FROM sessions WHERE client_id = ?'),
    ],
    saveSubscription: p('INSERT OR REPLACE INTO subscriptions (client_id, filter, qos, options) VALUES (?, ?, ?, ?)'),
    deleteSubscription: p('DELETE FROM subscriptions WHERE client_id = ? AND filter = ?'),
    saveOutbound: p(
      `INSERT OR REPLACE INTO outbound
         (client_id, seq, packet_id, state, topic, payload, qos, retain, properties, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteOutbound: p('DELETE FROM outbound WHERE client_id = ? AND seq = ?'),
    saveInbound: p('INSERT OR REPLACE INTO inbound (client_id, packet_id) VALUES (?, ?)'),
    deleteInbound: p('DELETE FROM inbound WHERE client_id = ? AND packet_id = ?'),
    saveRetained: p(
      'INSERT OR REPLACE INTO retained (topic, payload, qos, retain, properties, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deleteRetained: p('DELETE FROM retained WHERE topic = ?'),
    saveWill: p(
      `INSERT OR REPLACE INTO wills
         (client_id, topic, payload, qos, retain, properties, received_at, delay_interval)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteWill: p('DELETE FROM wills WHERE client_id = ?'),
  };
}

// ---- parameters (record -> row), taken when the write is issued: payloads are copied, because
// the row is bound at commit time and the caller may reuse its Buffer meanwhile ----

export function sessionParams(s: SessionRecord): unknown[] {
  return [s.clientId, s.protocolVersion, s.createdAt, s.expiryInterval ?? null, s.disconnectedAt ?? null];
}

export function subscriptionParams(s: SubscriptionRecord): unknown[] {
  return [s.clientId, s.filter, s.qos, encodeJson(s.options)];
}

export function outboundParams(r: OutboundRecord): unknown[] {
  const m = r.message;
  return [r.clientId, r.seq, r.packetId, r.state, m.topic, Buffer.from(m.payload), m.qos, m.retain ? 1 : 0, encodeJson(m.properties), m.receivedAt];
}

export function retainedParams(m: StoredMessage): unknown[] {
  return [m.topic, Buffer.from(m.payload), m.qos, m.retain ? 1 : 0, encodeJson(m.properties), m.receivedAt];
}

export function willParams(w: WillRecord): unknown[] {
  const m = w.message;
  return [w.clientId, m.topic, Buffer.from(m.payload), m.qos, m.retain ? 1 : 0, encodeJson(m.properties), m.receivedAt, w.delayInterval ?? null];
}

// ---- rows (row -> record), used by load() ----

interface MessageRow {
  topic: string;
  payload: Buffer | null;
  qos: number;
  retain: number;
  properties: string | null;
  received_at: number;
}

function message(row: MessageRow): StoredMessage {
  const m: StoredMessage = {
    topic: row.topic,
    payload: row.payload ?? Buffer.alloc(0),
    qos: row.qos as QoS,
    retain: row.retain === 1,
    receivedAt: row.received_at,
  };
  const props = decodeJson(row.properties);
  if (props !== undefined) m.properties = props;
  return m;
}

export function loadSessions(db: Database.Database): SessionRecord[] {
  const rows = db
    .prepare('SELECT client_id, protocol_version, created_at, expiry_interval, disconnected_at FROM sessions ORDER BY client_id')
    .all() as { client_id: string; protocol_version: number; created_at: number; expiry_interval: number | null; disconnected_at: number | null }[];
  return rows.map((r) => {
    const s: SessionRecord = { clientId: r.client_id, protocolVersion: r.protocol_version, createdAt: r.created_at, disconnectedAt: r.disconnected_at };
    if (r.expiry_interval !== null) s.expiryInterval = r.expiry_interval;
    return s;
  });
}

export function loadSubscriptions(db: Database.Database): SubscriptionRecord[] {
  const rows = db.prepare('SELECT client_id, filter, qos, options FROM subscriptions ORDER BY client_id, filter').all() as {
    client_id: string;
    filter: string;
    qos: number;
    options: string | null;
  }[];
  return rows.map((r) => {
    const s: SubscriptionRecord = { clientId: r.client_id, filter: r.filter, qos: r.qos as QoS };
    const options = decodeJson(r.options);
    if (options !== undefined) s.options = options;
    return s;
  });
}

export function loadOutbound(db: Database.Database): OutboundRecord[] {
  const rows = db
    .prepare(
      `SELECT client_id, seq, packet_id, state, topic, payload, qos, retain, properties, received_at
       FROM outbound ORDER BY client_id, seq`,
    )
    .all() as (MessageRow & { client_id: string; seq: number; packet_id: number | null; state: OutboundState })[];
  return rows.map((r) => ({ clientId: r.client_id, seq: r.seq, packetId: r.packet_id, state: r.state, message: message(r) }));
}

export function loadInbound(db: Database.Database): InboundRecord[] {
  const rows = db.prepare('SELECT client_id, packet_id FROM inbound ORDER BY client_id, packet_id').all() as {
    client_id: string;
    packet_id: number;
  }[];
  return rows.map((r) => ({ clientId: r.client_id, packetId: r.packet_id }));
}

export function loadRetained(db: Database.Database): StoredMessage[] {
  const rows = db
    .prepare('SELECT topic, payload, qos, retain, properties, received_at FROM retained ORDER BY topic')
    .all() as MessageRow[];
  return rows.map(message);
}

export function loadWills(db: Database.Database): WillRecord[] {
  const rows = db
    .prepare(
      `SELECT client_id, topic, payload, qos, retain, properties, received_at, delay_interval
       FROM wills ORDER BY client_id`,
    )
    .all() as (MessageRow & { client_id: string; delay_interval: number | null })[];
  return rows.map((r) => {
    const w: WillRecord = { clientId: r.client_id, message: message(r) };
    if (r.delay_interval !== null) w.delayInterval = r.delay_interval;
    return w;
  });
}
