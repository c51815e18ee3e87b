// A record of every packet (and raw write, close and parse error) on one probe connection,
// rendered as text for failure reports.
import type { Packet } from 'mqtt-packet';

export type TraceDirection = '->' | '<-' | '!!';

export interface TraceEntry {
  atMs: number;
  connection: string;
  direction: TraceDirection;
  text: string;
}

export class Trace {
  readonly entries: TraceEntry[] = [];
  constructor(private readonly startedAt: number = Date.now()) {}

  add(connection: string, direction: TraceDirection, text: string): void {
    this.entries.push({ atMs: Date.now() - this.startedAt, connection, direction, text });
  }

  render(): string {
    return this.entries
      .map((e) => `${String(e.atMs).padStart(6)} ms  ${e.connection.padEnd(10)} ${e.direction} ${e.text}`)
      .join('\n');
  }
}

export function describePacket(packet: Packet): string {
  const p = packet as unknown as Record<string, unknown>;
  const parts: string[] = [packet.cmd.toUpperCase()];
  for (const key of ['messageId', 'topic', 'qos', 'retain', 'dup', 'returnCode', 'reasonCode', 'sessionPresent',
    'clientId', 'clean', 'keepalive', 'username', 'granted', 'unsubscriptions', 'subscriptions']) {
    const value = p[key];
    if (value === undefined || value === null) continue;
    if (key === 'qos' && p.cmd !== 'publish') continue;
    if ((key === 'retain' || key === 'dup') && (p.cmd !== 'publish' || value === false)) continue;
    parts.push(`${key}=${JSON.stringify(value)}`);
  }
  if (p.cmd === 'publish') parts.push(`payload=${renderPayload(p.payload as Buffer | string | undefined)}`);
  if (p.cmd === 'connect' && p.will) {
    const will = p.will as Record<string, unknown>;
    parts.push(`will={topic=${JSON.stringify(will.topic)} qos=${will.qos} retain=${will.retain}}`);
  }
  return parts.join(' ');
}

function renderPayload(payload: Buffer | string | undefined): string {
  if (payload === undefined) return '""';
  const buf = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const text = buf.toString('utf8');
  const printable = /^[\x20-\x7e]*$/.test(text);
  const shown = printable ? JSON.stringify(text) : `0x${buf.toString('hex')}`;
  return shown.length > 80 ? `${shown.slice(0, 77)}... (${buf.length} bytes)` : shown;
}
