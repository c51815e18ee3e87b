// QoS 1 to a persistent session on each store of the reference broker: memory vs SQLite vs MySQL
// (a private mariadbd), alternated in one run, medians of --rounds, ratios printed.
//
// One measurement: a persistent session (cleanSession=0) subscribes at QoS 1 and goes offline; a raw
// publisher keeps --window QoS 1 PUBLISHes unacknowledged (a new one on every PUBACK, as fast clients
// do) until --messages are acknowledged. Every PUBACK means "stored for the session" (durable before
// acknowledged), so acknowledged msg/s is the store's throughput through the broker. Then the session
// reconnects and every message must be delivered (drain msg/s, and a check that nothing was lost).
//
// The same stores alone (no broker, no network to the broker): --messages saveOutbound of 16-byte
// messages with --window writes outstanding, a new one issued as each resolves: the store's ceiling.
//
// Usage: node --import tsx bench/persistence-backends.ts [--messages 20000] [--window 500] [--rounds 3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBroker } from '../broker/cli/spawn-broker.ts';
import { MemoryPersistence, MysqlPersistence, SqlitePersistence, type OutboundRecord, type Persistence } from '../broker/persistence/index.ts';
import { startMariadb, type MariadbServer } from '../broker/persistence/mysql/mariadb-server.ts';
import { RawClient, withDeadline } from './client.ts';
import { encodePublishStream, puback } from './wire.ts';

type Backend = 'memory' | 'sqlite' | 'mysql';
const BACKENDS: readonly Backend[] = ['memory', 'sqlite', 'mysql'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name}: expected a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

interface Sample { backend: Backend; round: number; ackPerSec: number; drainPerSec: number; delivered: number; storePerSec: number }

/** Writes per second of the store alone, `window` saveOutbound outstanding at any time. */
async function measureStore(backend: Backend, mysql: MariadbServer, messages: number, window: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-pstore-'));
  const db = backend === 'mysql' ? await mysql.createDatabase('mqttc_store') : null;
  const p: Persistence = backend === 'memory' ? new MemoryPersistence() : backend === 'sqlite' ? new SqlitePersistence({ file: join(dir, 'broker.db') }) : new MysqlPersistence({ url: db!.url });
  const payload = Buffer.alloc(16, 0x61);
  const record = (seq: number): OutboundRecord => ({ clientId: 'store-bench', seq, packetId: null, state: 'queued', message: { topic: 'bench/store', payload, qos: 1, retain: false, receivedAt: seq } });
  try {
    await p.open();
    const started = performance.now();
    let issued = 0;
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      const issue = (): void => {
        const seq = issued++;
        p.saveOutbound(record(seq)).then(() => {
          done += 1;
          if (done === messages) resolve();
          else if (issued < messages) issue();
        }, reject);
      };
      for (let i = 0; i < Math.min(window, messages); i++) issue();
    });
    return Math.round(messages / ((performance.now() - started) / 1000));
  } finally {
    await p.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(backend: Backend, round: number, mysql: MariadbServer, messages: number, window: number): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-pbackends-'));
  const db = backend === 'mysql' ? await mysql.createDatabase('mqttc_bench') : null;
  // The offline queue must hold the whole run (the default bound, 10,000, would drop the rest).
  writeFileSync(join(dir, 'broker.json'), JSON.stringify({ listeners: [{ type: 'tcp', port: 0 }], limits: { maxQueued: messages * 2 }, sys: { intervalMs: 0 }, log: { level: 'warn' } }));
  const store = backend === 'memory' ? ['--memory'] : backend === 'sqlite' ? ['--data', join(dir, 'data')] : ['--mysql', db!.url];
  const broker = await spawnBroker(['--config', join(dir, 'broker.json'), ...store]);
  try {
    const port = Number(new URL(broker.urls[0]!).port);
    const topic = `pbench/${backend}/${round}`;
    const subId = `pbench-${backend}-${round}-sub`;
    const sub = await RawClient.connect(port, subId, false);
    await sub.subscribe(topic, 1);
    await sub.close();

    const stream = encodePublishStream(topic, 1, messages);
    const pub = await RawClient.connect(port, `pbench-${backend}-${round}-pub`, true);
    let sent = 0;
    let acked = 0;
    const started = performance.now();
    const done = new Promise<void>((resolve) => {
      const send = (n: number): void => {
        const end = Math.min(messages, sent + n);
        if (end > sent) pub.write(stream.bytes.subarray(sent * stream.size, end * stream.size));
        sent = end;
      };
      pub.onPuback = () => {
        acked += 1;
        if (acked === messages) resolve();
        else send(1);
      };
      send(window);
    });
    await withDeadline(done, 300_000, `${messages} PUBACKs on ${backend}`);
    const ackSeconds = (performance.now() - started) / 1000;
    await pub.close();

    let delivered = 0;
    const seen = new Set<number>();
    const drainStarted = performance.now();
    let drained: () => void = () => undefined;
    const allIn = new Promise<void>((resolve) => { drained = resolve; });
    const again = await RawClient.connect(port, subId, false, 10_000, undefined, (c) => {
      c.onPublish = (_qos, packetId, seq) => {
        c.write(puback(packetId));
        delivered += 1;
        seen.add(seq);
        if (seen.size === messages) drained();
      };
    });
    await withDeadline(allIn, 300_000, `drain of ${messages} on ${backend} (${seen.size} so far)`);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    await again.close();
    return { backend, round, ackPerSec: Math.round(messages / ackSeconds), drainPerSec: Math.round(messages / drainSeconds), delivered, storePerSec: 0 };
  } finally {
    await broker.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : Math.round((s[s.length / 2 - 1]! + s[s.length / 2]!) / 2);
}

async function main(): Promise<void> {
  const messages = arg('messages', 20_000);
  const window = arg('window', 500);
  const rounds = arg('rounds', 3);
  const mysql = await startMariadb();
  process.stderr.write(`mariadbd ready (install ${mysql.installMs.toFixed(0)} ms, start ${mysql.startMs.toFixed(0)} ms)\n`);
  const samples: Sample[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      // Alternated: each round starts with another backend, so drift in machine load spreads over all three.
      const order = BACKENDS.map((_, i) => BACKENDS[(i + round - 1) % BACKENDS.length]!);
      for (const backend of order) {
        const s = await measure(backend, round, mysql, messages, window);
        s.storePerSec = await measureStore(backend, mysql, messages, window);
        samples.push(s);
        process.stderr.write(`round ${round} ${backend.padEnd(6)} ack ${s.ackPerSec} msg/s, drain ${s.drainPerSec} msg/s, delivered ${s.delivered}/${messages}; store alone ${s.storePerSec} writes/s\n`);
      }
    }
  } finally {
    await mysql.stop();
  }
  const med = (b: Backend, k: 'ackPerSec' | 'drainPerSec' | 'storePerSec') => median(samples.filter((s) => s.backend === b).map((s) => s[k]));
  const lines = [
    `QoS 1 to an offline persistent session, ${messages} messages, ${window} unacknowledged at the publisher, medians of ${rounds}:`,
    '',
    '| store | acknowledged msg/s | drain msg/s | store alone, writes/s |',
    '|---|---|---|---|',
    ...BACKENDS.map((b) => `| ${b} | ${med(b, 'ackPerSec')} | ${med(b, 'drainPerSec')} | ${med(b, 'storePerSec')} |`),
    '',
    `MySQL / SQLite: ${(med('mysql', 'ackPerSec') / med('sqlite', 'ackPerSec')).toFixed(2)}x acknowledged, ${(med('mysql', 'drainPerSec') / med('sqlite', 'drainPerSec')).toFixed(2)}x drain (target >= 0.5x); store alone ${(med('mysql', 'storePerSec') / med('sqlite', 'storePerSec')).toFixed(2)}x`,
    `SQLite / memory: ${(med('sqlite', 'ackPerSec') / med('memory', 'ackPerSec')).toFixed(2)}x acknowledged; MySQL / memory: ${(med('mysql', 'ackPerSec') / med('memory', 'ackPerSec')).toFixed(2)}x`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const lost = samples.filter((s) => s.delivered < messages);
  if (lost.length > 0) {
    process.stdout.write(`LOST MESSAGES in ${lost.map((s) => `${s.backend}#${s.round}`).join(', ')}\n`);
    process.exitCode = 1;
  }
}

await main();
