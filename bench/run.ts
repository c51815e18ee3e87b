// The benchmark: reference broker vs Mosquitto vs Aedes, in one run, on loopback, alternating brokers
// round-robin per measurement over several rounds; medians, ratios, targets.
// Usage: node --import tsx bench/run.ts [--quick] [--rounds N] [--brokers reference,mosquitto,aedes]
// Writes bench/results/latest.json and prints a Markdown table on stdout (progress goes to stderr).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BROKERS, referenceAvailable, startBroker, stopAllBrokers, type BrokerName, type RunningBroker } from './brokers.ts';
import { runConnections } from './connections.ts';
import { runFlow, type FlowOptions } from './flow.ts';
import { runOffline, type OfflineOptions } from './offline.ts';
import { probeCeiling } from './probe-ceiling.ts';
import { aggregate, evaluateTargets, markdown, sanityWarnings, type MeasurementId, type Sample } from './report.ts';

interface Plan {
  rounds: number;
  flows: Record<Exclude<MeasurementId, 'connections' | 'qos1-offline'>, Omit<FlowOptions, 'port' | 'tag'>>;
  offline: Omit<OfflineOptions, 'port' | 'tag'>;
  connections: { count: number; concurrency: number; deadlineMs: number };
}

function plan(quick: boolean, connectionLimit: number): Plan {
  const deadlineMs = quick ? 15_000 : 30_000;
  const scale = quick ? 1 : 5;
  return {
    rounds: quick ? 2 : 3,
    flows: {
      'qos0-1to1': { qos: 0, subscribers: 1, messages: 20_000 * scale, window: 1_000, batch: 100, persistent: false, deadlineMs },
      'qos0-fanout': { qos: 0, subscribers: 100, messages: 1_000 * scale, window: 100, batch: 20, persistent: false, deadlineMs },
      'qos1-clean': { qos: 1, subscribers: 1, messages: 10_000 * scale, window: 1_000, batch: 100, persistent: false, deadlineMs },
      'qos1-persistent': { qos: 1, subscribers: 1, messages: 10_000 * scale, window: 1_000, batch: 100, persistent: true, deadlineMs },
    },
    // The reference broker queues at most limits.maxQueued (10,000) messages per session by default.
    offline: { messages: quick ? 5_000 : 10_000, window: 1_000, batch: 100, deadlineMs },
    connections: { count: Math.min(quick ? 5_000 : 10_000, connectionLimit), concurrency: 100, deadlineMs: quick ? 30_000 : 60_000 },
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function openFileLimit(): number {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) ? n : 1024; // "unlimited" parses as NaN: no constraint worth modelling
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const started = Date.now();
  const notes: string[] = [];
  const fdLimit = openFileLimit();
  // This process holds one socket per client; the brokers inherit the same limit.
  const p = plan(quick, Math.max(100, fdLimit - 500));
  const rounds = Number(arg('rounds') ?? p.rounds);
  if (p.connections.count < (quick ? 5_000 : 10_000)) notes.push(`ulimit -n is ${fdLimit}: idle connections reduced to ${p.connections.count}.`);
  let brokers = (arg('brokers')?.split(',') ?? [...BROKERS]) as BrokerName[];
  if (brokers.includes('reference') && !referenceAvailable()) {
    brokers = brokers.filter((b) => b !== 'reference');
    notes.push('reference broker not available (bin/mqtt-conformance.js or broker/cli/main.ts missing): skipped.');
  }

  log(`probe ceiling (stand-in broker in this process)…`);
  const ceiling = await probeCeiling(quick ? 100_000 : 300_000);
  notes.push(`Probe ceiling: ${ceiling.msgPerSec.toLocaleString('en-US')} msg/s QoS 0 1→1 through a stand-in broker that only pipes bytes (lower bound of what the load generator can count).`);

  const samples: Sample[] = [];
  const descriptions: Partial<Record<BrokerName, string>> = {};
  const measurements: MeasurementId[] = ['connections', 'qos0-1to1', 'qos0-fanout', 'qos1-clean', 'qos1-persistent', 'qos1-offline'];
  for (let round = 0; round < rounds; round++) {
    // Fresh brokers each round; connections first, so memory is read from a broker that has done little.
    const running = new Map<BrokerName, RunningBroker>();
    try {
      for (const b of brokers) {
        const r = await startBroker(b);
        running.set(b, r);
        descriptions[b] = r.description;
      }
      for (const m of measurements) {
        const order = brokers.map((_, i) => brokers[(i + round) % brokers.length]!); // rotate who goes first
        for (const b of order) {
          const broker = running.get(b)!;
          const tag = `bench-r${round}-${m}-${b}-${process.pid}`;
          samples.push(await measure(m, broker, tag, round, p));
          const s = samples[samples.length - 1]!;
          log(`round ${round + 1}/${rounds} ${m.padEnd(16)} ${b.padEnd(10)} ${Math.round(s.rate)}/s` + (s.bytesPerConnection !== undefined ? ` ${s.bytesPerConnection} B/conn` : '') + (s.drainRate !== undefined ? ` drain ${s.drainRate}/s` : '') + (s.note ? ` (${s.note})` : ''));
        }
      }
    } finally {
      await Promise.all([...running.values()].map((r) => r.stop()));
    }
  }

  const figures = aggregate(samples, brokers);
  const targets = evaluateTargets(figures);
  const warnings = sanityWarnings(figures);
  for (const s of samples) if (s.note !== undefined) notes.push(`round ${s.round + 1} ${s.measurement} ${s.broker}: ${s.note}`);
  notes.push(`Load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs (a loaded machine makes every figure noisy; compare ratios, not absolutes).`);
  const table = markdown(figures, targets, warnings, notes);
  const result = {
    schemaVersion: 1,
    date: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    quick,
    rounds,
    environment: { node: process.version, cpus: cpus().length, loadavg: loadavg(), openFileLimit: fdLimit },
    brokers: descriptions,
    plan: p,
    probeCeiling: ceiling,
    figures,
    targets,
    warnings,
    notes,
    samples,
  };
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}latest.json`, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`## Broker benchmark (${quick ? 'quick' : 'full'}, ${rounds} rounds, ${((Date.now() - started) / 1000).toFixed(0)} s)\n\n`);
  for (const b of brokers) process.stdout.write(`- ${b}: ${descriptions[b]}\n`);
  process.stdout.write(`\n${table}\n`);
  for (const w of warnings) log(w);
}

async function measure(m: MeasurementId, broker: RunningBroker, tag: string, round: number, p: Plan): Promise<Sample> {
  if (m === 'connections') {
    const c = p.connections;
    const r = await runConnections({ port: broker.port, pid: broker.pid, count: c.count, concurrency: c.concurrency, deadlineMs: c.deadlineMs, tag });
    const sample: Sample = { round, measurement: m, broker: broker.name, rate: r.connectPerSec, bytesPerConnection: r.bytesPerConnection };
    if (r.timedOut || r.connected < c.count) sample.note = `${r.connected}/${c.count} connected${r.timedOut ? ', deadline or refusal' : ''}`;
    return sample;
  }
  if (m === 'qos1-offline') {
    try {
      const r = await runOffline({ ...p.offline, port: broker.port, tag });
      const sample: Sample = { round, measurement: m, broker: broker.name, rate: r.storePerSec, drainRate: r.drainPerSec };
      if (r.timedOut || r.drained < r.expected) sample.note = `${r.stored}/${r.expected} stored, ${r.drained} drained`;
      return sample;
    } catch (err) {
      return { round, measurement: m, broker: broker.name, rate: Number.NaN, note: `failed: ${(err as Error).message}` };
    }
  }
  try {
    const r = await runFlow({ ...p.flows[m], port: broker.port, tag });
    const sample: Sample = { round, measurement: m, broker: broker.name, rate: r.msgPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms };
    if (r.timedOut || r.delivered < r.expected) sample.note = `${r.delivered}/${r.expected} delivered${r.timedOut ? ' before the deadline' : ''}`;
    return sample;
  } catch (err) {
    return { round, measurement: m, broker: broker.name, rate: Number.NaN, note: `failed: ${(err as Error).message}` };
  }
}

// Interrupted (Ctrl-C, timeout): stop the brokers this run started, then leave.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping brokers`);
    void stopAllBrokers().finally(() => process.exit(130));
  });
}
await main();
