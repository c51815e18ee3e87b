// The SQL of the SQLite backend, in the journal's Stmt order (../journal/journal-rows.ts holds the
// record <-> row mapping). Prepared once by whichever thread writes (this one, or the journal worker).
import type { LOAD_TABLES } from '../journal/journal-rows.ts';

/** The write statements, in Stmt order. */
export const WRITE_SQL: readonly string[] = [
  `INSERT OR REPLACE INTO sessions (client_id, protocol_version, created_at, expiry_interval, disconnected_at)
   VALUES (?, ?, ?, ?, ?)`,
  'DELETE FROM subscriptions WHERE client_id = ?',
  'DELETE FROM outbound WHERE client_id = ?',
  'DELETE FROM inbound WHERE client_id = ?',
  'DELETE FROM wills WHERE client_id = ?',
  'DELETE FROM sessions WHERE client_id = ?',
  'INSERT OR REPLACE INTO subscriptions (client_id, filter, qos, options) VALUES (?, ?, ?, ?)',
  'DELETE FROM subscriptions WHERE client_id = ? AND filter = ?',
  `INSERT OR REPLACE INTO outbound
     (client_id, seq, packet_id, state, topic, payload, qos, retain, properties, received_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  'DELETE FROM outbound WHERE client_id = ? AND seq = ?',
  'INSERT OR REPLACE INTO inbound (client_id, packet_id) VALUES (?, ?)',
  'DELETE FROM inbound WHERE client_id = ? AND packet_id = ?',
  'INSERT OR REPLACE INTO retained (topic, payload, qos, retain, properties, received_at) VALUES (?, ?, ?, ?, ?, ?)',
  'DELETE FROM retained WHERE topic = ?',
  `INSERT OR REPLACE INTO wills
     (client_id, topic, payload, qos, retain, properties, received_at, delay_interval)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  'DELETE FROM wills WHERE client_id = ?',
];

/** The queries of load(), run in one read transaction; mapped to records by stateFromRows. */
export const LOAD_SQL: Record<(typeof LOAD_TABLES)[number], string> = {
  sessions: 'SELECT client_id, protocol_version, created_at, expiry_interval, disconnected_at FROM sessions ORDER BY client_id',
  subscriptions: 'SELECT client_id, filter, qos, options FROM subscriptions ORDER BY client_id, filter',
  outbound: `SELECT client_id, seq, packet_id, state, topic, payload, qos, retain, properties, received_at
             FROM outbound ORDER BY client_id, seq`,
  inbound: 'SELECT client_id, packet_id FROM inbound ORDER BY client_id, packet_id',
  retained: 'SELECT topic, payload, qos, retain, properties, received_at FROM retained ORDER BY topic',
  wills: `SELECT client_id, topic, payload, qos, retain, properties, received_at, delay_interval
          FROM wills ORDER BY client_id`,
};
