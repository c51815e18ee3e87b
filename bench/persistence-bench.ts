// Write throughput of the persistence backends: saveOutbound of 1 KiB messages, awaited in batches of
// `concurrency` (the broker's pattern: many writes issued in a turn, awaited before acknowledging).
// Usage: node --import tsx bench/persistence-bench.ts [--count N] [--concurrency 1,10,100,1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryPersistence, SqlitePersistence, type OutboundRecord, type Persistence } from '../broker/persistence/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const payload = Buffer.alloc(1024, 0x61);

function record(seq: number): OutboundRecord {
  return { clientId: 'bench', seq, packetId: null, state: 'queued', message: { topic: 'bench/topic', payload, qos: 1, retain: false, receivedAt: seq } };
}

export interface PersistenceBenchResult {
  backend: string;
  concurrency: number;
  count: number;
  writesPerSec: number;
  commits: number | null;
}

export async function benchWrites(make: () => Persistence, count: number, concurrency: number): Promise<PersistenceBenchResult> {
  const p = make();
  await p.open();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += concurrency) {
    const writes: Promise<void>[] = [];
    for (let seq = i; seq < Math.min(count, i + concurrency); seq++) writes.push(p.saveOutbound(record(seq)));
    await Promise.all(writes);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const commits = p instanceof SqlitePersistence ? p.stats.commits : null;
  await p.close();
  return { backend: p.kind, concurrency, count, writesPerSec: Math.round(count / seconds), commits };
}

async function main(): Promise<void> {
  const count = Number(arg('count', '20000'));
  const levels = arg('concurrency', '1,10,100,1000').split(',').map(Number);
  const rows: PersistenceBenchResult[] = [];
  for (const c of levels) {
    const dir = mkdtempSync(join(tmpdir(), 'mqttc-pbench-'));
    try {
      // Fewer writes at concurrency 1: one fsync per write.
      const n = c === 1 ? Math.min(count, 2_000) : count;
      for (const writer of ['worker', 'inline'] as const) {
        const r = await benchWrites(() => new SqlitePersistence({ file: join(dir, `${writer}.db`), writer }), n, c);
        rows.push({ ...r, backend: `sqlite (${writer} writer)` });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    rows.push(await benchWrites(() => new MemoryPersistence(), count, c));
  }
  console.log('| backend | concurrency | writes | writes/s | commits |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.backend} | ${r.concurrency} | ${r.count} | ${r.writesPerSec} | ${r.commits ?? '-'} |`);
}

if (process.argv[1]?.endsWith('persistence-bench.ts')) await main();
