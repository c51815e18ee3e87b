// Refuses a foreign or damaged database at open(), instead of migrating over it or failing later:
// tables missing, a column missing or of the wrong type class, or tables of something else with no
// schema version. Each backend lists what it finds; the comparison and the message are shared.
import { PersistenceError } from '../errors.ts';

/** Type classes: what matters to the broker is whether a column holds integers, text or bytes. */
export type ColumnClass = 'int' | 'text' | 'blob';

/** table -> column -> class, as the newest schema has them. */
export type ExpectedSchema = Readonly<Record<string, Readonly<Record<string, ColumnClass>>>>;

/** table -> column -> class found (null when the declared type fits none of the classes). */
export type FoundSchema = Map<string, Map<string, ColumnClass | null>>;

/** The journal's tables at the newest schema version (2), the same for every SQL backend. */
export const JOURNAL_SCHEMA: ExpectedSchema = {
  meta: { key: 'text', value: 'text' },
  sessions: { client_id: 'text', protocol_version: 'int', created_at: 'int', disconnected_at: 'int', expiry_interval: 'int' },
  subscriptions: { client_id: 'text', filter: 'text', qos: 'int', options: 'text' },
  outbound: {
    client_id: 'text', seq: 'int', packet_id: 'int', state: 'text', topic: 'text', payload: 'blob', qos: 'int', retain: 'int', properties: 'text', received_at: 'int',
  },
  inbound: { client_id: 'text', packet_id: 'int' },
  retained: { topic: 'text', payload: 'blob', qos: 'int', retain: 'int', properties: 'text', received_at: 'int' },
  wills: { client_id: 'text', topic: 'text', payload: 'blob', qos: 'int', retain: 'int', properties: 'text', received_at: 'int', delay_interval: 'int' },
};

/** The database is not (or no longer) one this broker can use; the message says what was found and what to do. */
export class SchemaMismatchError extends PersistenceError {
  readonly problems: readonly string[];
  constructor(kind: string, where: string, problems: readonly string[], advice: string) {
    super(kind, `${where} is not a usable broker database: ${problems.join('; ')}. ${advice}`);
    this.name = 'SchemaMismatchError';
    this.problems = problems;
  }
}

/** Before migrating: a database with tables but no schema version is someone else's; never build over it. */
export function checkNotForeign(kind: string, where: string, version: number, tables: readonly string[]): void {
  if (version !== 0 || tables.length === 0) return;
  const shown = tables.slice(0, 8).join(', ') + (tables.length > 8 ? `, … (${tables.length} tables)` : '');
  throw new SchemaMismatchError(kind, where, [`it has tables (${shown}) but no meta.schema_version`],
    'It belongs to something else, or to a broker from before schema versions: give the broker an empty database of its own.');
}

/** After migrating: every table and column of the newest schema is there, with the right class. */
export function checkSchema(kind: string, where: string, expected: ExpectedSchema, found: FoundSchema): void {
  const problems: string[] = [];
  for (const [table, columns] of Object.entries(expected)) {
    const have = found.get(table);
    if (have === undefined) {
      problems.push(`table ${table} is missing`);
      continue;
    }
    for (const [column, cls] of Object.entries(columns)) {
      if (!have.has(column)) problems.push(`column ${table}.${column} is missing`);
      else if (have.get(column) !== cls) problems.push(`column ${table}.${column} holds ${have.get(column) ?? 'an unknown type'}, expected ${cls}`);
    }
  }
  if (problems.length > 0) {
    throw new SchemaMismatchError(kind, where, problems,
      'It was changed by hand or by another program: restore it from a backup, or start the broker on an empty database.');
  }
}
