// Reconnect drain (issue 12): N QoS 1 messages stored for an offline persistent session, then the
// subscriber reconnects; drain rate = N / (reconnect -> last delivery). Reference broker (SQLite) and
// Mosquitto alternate over `rounds`; medians and the ratio are printed.
// `--max-inflight N` runs the reference broker with that limits.maxInflight (a config file) to show
// what the inflight window is worth.
// Usage: node --import tsx bench/drain.ts [--messages 10000] [--rounds 3] [--max-inflight N]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBroker } from '../broker/cli/spawn-broker.ts';
import { startBroker, stopAllBrokers, type BrokerName, type RunningBroker } from './brokers.ts';
import { runOffline } from './offline.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const messages = arg('messages', 10_000);
const rounds = arg('rounds', 3);
const maxInflight = arg('max-inflight', 0);
const names: BrokerName[] = ['reference', 'mosquitto'];

/** The reference broker with a config file setting maxInflight (SQLite in a fresh folder). */
async function referenceWithInflight(n: number): Promise<Pick<RunningBroker, 'port' | 'stop'>> {
  const dir = mkdtempSync(join(tmpdir(), 'core2-drain-'));
  const config = join(dir, 'broker.json');
  writeFileSync(config, JSON.stringify({ listeners: [{ type: 'tcp', host: '127.0.0.1', port: 0 }], persistence: { kind: 'sqlite', dir: join(dir, 'data') }, limits: { maxInflight: n } }));
  const b = await spawnBroker(['--config', config, '--log-level', 'error', '--sys-interval', '0']);
  return { port: Number(new URL(b.urls[0]!).port), stop: async () => { await b.stop(); rmSync(dir, { recursive: true, force: true }); } };
}
const rates = new Map<BrokerName, number[]>(names.map((n) => [n, []]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const broker = name === 'reference' && maxInflight > 0 ? await referenceWithInflight(maxInflight) : await startBroker(name);
      try {
        const r = await runOffline({ port: broker.port, messages, window: 1_000, batch: 100, deadlineMs: 60_000, tag: `drain-${round}` });
        rates.get(name)!.push(r.drainPerSec);
        process.stderr.write(`round ${round} ${name}: drained ${r.drained}/${r.expected} at ${Math.round(r.drainPerSec)} msg/s (stored at ${Math.round(r.storePerSec)} msg/s)\n`);
      } finally {
        await broker.stop();
      }
    }
  }
} finally {
  await stopAllBrokers();
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ref = median(rates.get('reference')!);
const mosq = median(rates.get('mosquitto')!);
process.stdout.write(`drain ${messages} QoS 1${maxInflight > 0 ? ` (reference maxInflight ${maxInflight})` : ''}: reference ${Math.round(ref)} msg/s, mosquitto ${Math.round(mosq)} msg/s, ratio ${(ref / mosq).toFixed(2)}\n`);
