// The SQL of the MySQL backend. A batch of journal rows becomes as few statements as order allows:
// consecutive rows of the same kind merge into one multi-row INSERT … ON DUPLICATE KEY UPDATE or one
// DELETE … WHERE key IN (…) (same effect as applying them one by one: later rows of an INSERT overwrite
// earlier duplicates, deletes commute). The statements go to the server as a few multi-statement
// queries, so a batch of thousands of writes costs a handful of round trips and ONE commit.
// Values are escaped by mysql2 (the session runs without NO_BACKSLASH_ESCAPES, see mysql-persistence.ts).
import { escape } from 'mysql2';
import { Stmt, type JournalRow, type LOAD_TABLES } from '../journal/journal-rows.ts';

interface Upsert { kind: 'upsert'; table: string; columns: readonly string[]; keys: number }
interface Delete { kind: 'delete'; table: string; columns: readonly string[] }
type Shape = Upsert | Delete;

const MESSAGE = ['topic', 'payload', 'qos', 'retain', 'properties', 'received_at'] as const;

/** Per Stmt (in Stmt order): the table and the columns its params fill; for an upsert the first `keys` columns are the primary key. */
const SHAPES: readonly Shape[] = [
  { kind: 'upsert', table: 'sessions', columns: ['client_id', 'protocol_version', 'created_at', 'expiry_interval', 'disconnected_at'], keys: 1 },
  { kind: 'delete', table: 'subscriptions', columns: ['client_id'] },
  { kind: 'delete', table: 'outbound', columns: ['client_id'] },
  { kind: 'delete', table: 'inbound', columns: ['client_id'] },
  { kind: 'delete', table: 'wills', columns: ['client_id'] },
  { kind: 'delete', table: 'sessions', columns: ['client_id'] },
  { kind: 'upsert', table: 'subscriptions', columns: ['client_id', 'filter', 'qos', 'options'], keys: 2 },
  { kind: 'delete', table: 'subscriptions', columns: ['client_id', 'filter'] },
  { kind: 'upsert', table: 'outbound', columns: ['client_id', 'seq', 'packet_id', 'state', ...MESSAGE], keys: 2 },
  { kind: 'delete', table: 'outbound', columns: ['client_id', 'seq'] },
  { kind: 'upsert', table: 'inbound', columns: ['client_id', 'packet_id'], keys: 2 },
  { kind: 'delete', table: 'inbound', columns: ['client_id', 'packet_id'] },
  { kind: 'upsert', table: 'retained', columns: [...MESSAGE], keys: 1 },
  { kind: 'delete', table: 'retained', columns: ['topic'] },
  { kind: 'upsert', table: 'wills', columns: ['client_id', ...MESSAGE, 'delay_interval'], keys: 1 },
  { kind: 'delete', table: 'wills', columns: ['client_id'] },
];
if (SHAPES.length !== Object.keys(Stmt).length) throw new Error('mysql statements: one shape per Stmt');

/** Most rows merged into one statement (keeps each statement well under max_allowed_packet). */
const MAX_ROWS_PER_STATEMENT = 1000;

function value(v: unknown): string {
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return escape(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  return escape(v as Parameters<typeof escape>[0]);
}

function tuple(params: readonly unknown[]): string {
  return `(${params.map(value).join(',')})`;
}

function statement(shape: Shape, group: readonly JournalRow[]): string {
  if (shape.kind === 'upsert') {
    const rest = shape.columns.slice(shape.keys);
    const update = rest.length > 0 ? rest.map((c) => `${c}=VALUES(${c})`).join(',') : `${shape.columns[0]}=${shape.columns[0]}`;
    return `INSERT INTO ${shape.table} (${shape.columns.join(',')}) VALUES ${group.map(([, p]) => tuple(p)).join(',')} ON DUPLICATE KEY UPDATE ${update}`;
  }
  if (shape.columns.length === 1) return `DELETE FROM ${shape.table} WHERE ${shape.columns[0]} IN (${group.map(([, p]) => value(p[0])).join(',')})`;
  return `DELETE FROM ${shape.table} WHERE (${shape.columns.join(',')}) IN (${group.map(([, p]) => tuple(p)).join(',')})`;
}

/** The batch as SQL statements, in order, consecutive rows of one kind merged (each statement under `maxBytes`). */
export function batchStatements(rows: readonly JournalRow[], maxBytes = Infinity): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < rows.length) {
    const stmt = rows[i]![0];
    let bytes = rowBytes(rows[i]!);
    let j = i + 1;
    while (j < rows.length && rows[j]![0] === stmt && j - i < MAX_ROWS_PER_STATEMENT) {
      const next = rowBytes(rows[j]!);
      if (bytes + next > maxBytes) break;
      bytes += next;
      j++;
    }
    out.push(statement(SHAPES[stmt]!, rows.slice(i, j)));
    i = j;
  }
  return out;
}

/** An upper bound of a row's escaped size: binary doubles as hex, text may double with escapes. */
export function rowBytes(row: JournalRow): number {
  let n = 16;
  for (const p of row[1]) n += p instanceof Uint8Array ? p.byteLength * 2 + 3 : typeof p === 'string' ? Buffer.byteLength(p) * 2 + 2 : 21;
  return n;
}

/**
 * The statements wrapped in ONE transaction and cut into multi-statement queries of at most `maxBytes`
 * (the server's max_allowed_packet bounds one query): the first opens the transaction, the last commits.
 */
export function batchQueries(rows: readonly JournalRow[], maxBytes: number): string[] {
  const queries: string[] = [];
  let current = 'START TRANSACTION';
  for (const s of batchStatements(rows, maxBytes - 64)) {
    if (current.length + s.length + 1 > maxBytes) {
      queries.push(current);
      current = s;
    } else {
      current += `;${s}`;
    }
  }
  queries.push(`${current};COMMIT`);
  return queries;
}

const utf8 = (column: string) => `CONVERT(${column} USING utf8mb4) AS ${column}`;

/** The queries of load(), in LOAD_TABLES order; keys come back as text, like SQLite's. */
export const LOAD_SQL: Record<(typeof LOAD_TABLES)[number], string> = {
  sessions: `SELECT ${utf8('client_id')}, protocol_version, created_at, expiry_interval, disconnected_at FROM sessions ORDER BY sessions.client_id`,
  subscriptions: `SELECT ${utf8('client_id')}, ${utf8('filter')}, qos, options FROM subscriptions ORDER BY subscriptions.client_id, subscriptions.filter`,
  outbound: `SELECT ${utf8('client_id')}, seq, packet_id, state, topic, payload, qos, retain, properties, received_at
             FROM outbound ORDER BY outbound.client_id, outbound.seq`,
  inbound: `SELECT ${utf8('client_id')}, packet_id FROM inbound ORDER BY inbound.client_id, inbound.packet_id`,
  retained: `SELECT ${utf8('topic')}, payload, qos, retain, properties, received_at FROM retained ORDER BY retained.topic`,
  wills: `SELECT ${utf8('client_id')}, topic, payload, qos, retain, properties, received_at, delay_interval
          FROM wills ORDER BY wills.client_id`,
};
