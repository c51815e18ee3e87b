// The key/value table of "client X sends a raw CONNECT with:", for CONNECT packets an encoder
// would refuse to build. Keys (all optional):
//   protocol name (default MQTT), protocol level (default 4), connect flags (hex byte, e.g. 0x0A),
//   keep alive (default 60), client id (literal, "<empty>", "<same as NAME>"; default the client's own id),
//   client id ending in hex (the client's own id followed by these raw bytes),
//   payload (comma-separated fields written after the client id, in this order:
//            will topic, will message, username, password; default: what the flags announce).
// Without "connect flags" the packet has clean session 1 and carries the run's credentials, if any.
import type { DataTable } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/world.ts';
import { hexBytes, type RawConnect } from './raw-bytes.ts';

const PAYLOAD_FIELDS = ['will topic', 'will message', 'username', 'password'] as const;
type PayloadField = (typeof PAYLOAD_FIELDS)[number];

export function parseRawConnectTable(world: ConformanceWorld, name: string, table: DataTable): RawConnect {
  const rows = new Map<string, string>();
  for (const [key, value] of table.raw()) rows.set((key ?? '').trim().toLowerCase(), (value ?? '').trim());
  for (const key of rows.keys()) {
    if (!['protocol name', 'protocol level', 'connect flags', 'keep alive', 'client id', 'client id ending in hex', 'payload'].includes(key)) {
      throw new Error(`unknown raw CONNECT table key "${key}"`);
    }
  }
  const credentials = world.target.username !== undefined;
  const flagsText = rows.get('connect flags');
  const flags = flagsText === undefined
    ? 0x02 | (credentials ? 0x80 : 0) | (world.target.password !== undefined ? 0x40 : 0)
    : parseByte(flagsText);
  const clientId = resolveClientId(world, name, rows);
  if ((flags & 0x02) === 0 && clientId.length > 0) world.persistentIds.add(clientId.toString('latin1'));

  const payloadText = rows.get('payload');
  const fields: PayloadField[] = payloadText === undefined ? announcedFields(flags) : parseFields(payloadText);
  const connect: RawConnect = {
    protocolName: rows.get('protocol name') ?? 'MQTT',
    protocolLevel: Number(rows.get('protocol level') ?? 4),
    flags,
    keepalive: Number(rows.get('keep alive') ?? 60),
    clientId,
  };
  if (fields.includes('will topic')) connect.willTopic = world.topic('will');
  if (fields.includes('will message')) connect.willMessage = 'will';
  if (fields.includes('username')) connect.username = world.target.username ?? world.target.profile.auth?.username ?? 'user';
  if (fields.includes('password')) connect.password = world.target.password ?? world.target.profile.auth?.password ?? 'password';
  return connect;
}

function resolveClientId(world: ConformanceWorld, name: string, rows: Map<string, string>): Buffer {
  const suffix = rows.get('client id ending in hex');
  if (suffix !== undefined) return Buffer.concat([Buffer.from(world.clientId(name).slice(0, 18)), hexBytes(suffix)]);
  const literal = rows.get('client id');
  if (literal === undefined) return Buffer.from(world.clientId(name));
  if (literal === '<empty>') return Buffer.alloc(0);
  if (literal.startsWith('<same as ')) return Buffer.from(world.clientId(literal.slice(9, -1)));
  return Buffer.from(literal);
}

function announcedFields(flags: number): PayloadField[] {
  const fields: PayloadField[] = [];
  if ((flags & 0x04) !== 0) fields.push('will topic', 'will message');
  if ((flags & 0x80) !== 0) fields.push('username');
  if ((flags & 0x40) !== 0) fields.push('password');
  return fields;
}

function parseFields(text: string): PayloadField[] {
  if (text === '' || text === '<none>') return [];
  return text.split(',').map((s) => {
    const field = s.trim().toLowerCase();
    if (!(PAYLOAD_FIELDS as readonly string[]).includes(field)) throw new Error(`unknown CONNECT payload field "${s}" (use ${PAYLOAD_FIELDS.join(', ')})`);
    return field as PayloadField;
  });
}

function parseByte(text: string): number {
  const value = text.startsWith('0b') ? parseInt(text.slice(2), 2) : Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 255) throw new Error(`"${text}" is not a byte (write 0x0A or 0b00001010)`);
  return value;
}
