// Child process of durability.test.ts: writes N outbound records to a SQLite file, awaits them,
// prints "durable <N>", then keeps writing (so the SIGKILL lands in the middle of later commits).
// Usage: node --import tsx durability-writer.fixture.ts <file> <count>
import { SqlitePersistence } from './sqlite-persistence.ts';
import type { OutboundRecord } from '../persistence.ts';

export function durabilityRecord(seq: number): OutboundRecord {
  const payload = Buffer.alloc(1024, seq % 251);
  payload.writeUInt32BE(seq, 0);
  return {
    clientId: 'durable-client',
    seq,
    packetId: (seq % 65535) + 1,
    state: 'queued',
    message: { topic: `durability/${seq}`, payload, qos: 1, retain: false, receivedAt: 1_700_000_000_000 + seq },
  };
}

async function main(file: string, count: number): Promise<void> {
  const p = new SqlitePersistence({ file });
  await p.open();
  const batch = 100;
  for (let start = 0; start < count; start += batch) {
    const writes: Promise<void>[] = [];
    for (let seq = start; seq < Math.min(count, start + batch); seq++) writes.push(p.saveOutbound(durabilityRecord(seq)));
    await Promise.all(writes);
  }
  process.stdout.write(`durable ${count}\n`);
  // Keep committing until killed; these later records may or may not survive, whole or not at all.
  for (let seq = count; ; seq++) await p.saveOutbound(durabilityRecord(seq));
}

if (process.argv[1]?.endsWith('durability-writer.fixture.ts')) {
  const [file, count] = process.argv.slice(2);
  if (file === undefined || count === undefined) throw new Error('usage: durability-writer.fixture.ts <file> <count>');
  void main(file, Number(count));
}
