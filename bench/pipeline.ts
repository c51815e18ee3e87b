// QoS 1 under a pipelining publisher (issue 12): one raw publisher keeps up to `window` QoS 1 messages
// unacknowledged (a new PUBLISH for every PUBACK, as fast clients do), one subscriber acknowledges every
// delivery at once. Reference broker and Mosquitto, each in its own process, in the same run.
//
// Two phases per broker:
//  - throughput: the publisher as fast as the window allows; msg/s = distinct messages delivered /
//    (first write -> last delivery); lost = PUBACKed by the broker but never delivered.
//  - latency at a fixed rate: the publisher paced at `rate` msg/s (same rate for both brokers: half the
//    lower throughput of the run unless --rate is given), window still 500; p50/p99 of write -> delivery.
//
// Usage: node --import tsx bench/pipeline.ts [--messages 20000] [--window 500] [--rounds 2] [--rate N]
//        [--brokers reference,mosquitto] [--persistent]
// Prints a Markdown table on stdout; progress on stderr. Exits 1 when a target is missed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startBroker, stopAllBrokers, type BrokerName, type RunningBroker } from './brokers.ts';
import { RawClient, withDeadline } from './client.ts';
import { encodePublishStream, puback } from './wire.ts';

interface PhaseResult {
  delivered: number;
  duplicates: number;
  pubacks: number;
  lost: number;
  seconds: number;
  msgPerSec: number;
  p50Ms: number;
  p99Ms: number;
  timedOut: boolean;
}

interface PhaseOptions {
  port: number;
  messages: number;
  window: number;
  /** Messages per second; 0 = as fast as the window allows. */
  rate: number;
  deadlineMs: number;
  tag: string;
  /** Subscriber with cleanSession=0 (the reference broker then writes every message to SQLite before PUBACK). */
  persistent: boolean;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

export async function runPipeline(o: PhaseOptions): Promise<PhaseResult> {
  const topic = `bench/${o.tag}/t`;
  if (o.persistent) await (await RawClient.connect(o.port, `${o.tag}-sub`, true)).close(); // no old session
  const sub = await RawClient.connect(o.port, `${o.tag}-sub`, !o.persistent);
  const pub = await RawClient.connect(o.port, `${o.tag}-pub`, true);
  try {
    await sub.subscribe(topic, 1);
    const stream = encodePublishStream(topic, 1, o.messages);
    const sentAt = new Float64Array(o.messages);
    const seen = new Uint8Array(o.messages);
    const latencies = new Float64Array(o.messages);
    let distinct = 0;
    let duplicates = 0;
    let sent = 0;
    let pubacks = 0;
    let lastDelivery = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    let writable = true;
    const start = performance.now();

    /** Writes what the window (and the pacing) allows, in one write. */
    const pump = (): void => {
      if (!writable || sent >= o.messages) return;
      let allowed = o.window - (sent - pubacks);
      if (o.rate > 0) allowed = Math.min(allowed, Math.floor(((performance.now() - start) * o.rate) / 1000) - sent);
      const n = Math.min(allowed, o.messages - sent);
      if (n <= 0) return;
      const now = performance.now();
      sentAt.fill(now, sent, sent + n);
      const ok = pub.write(stream.bytes.subarray(sent * stream.size, (sent + n) * stream.size));
      sent += n;
      if (!ok) {
        writable = false;
        pub.socket.once('drain', () => {
          writable = true;
          pump();
        });
      }
    };
    pub.onPuback = () => {
      pubacks++;
      if (o.rate === 0) pump();
    };
    sub.onPublish = (_qos, packetId, seq) => {
      const now = performance.now();
      sub.write(puback(packetId));
      if (seq < 0 || seq >= o.messages) return;
      if (seen[seq] === 1) {
        duplicates++;
        return;
      }
      seen[seq] = 1;
      latencies[distinct++] = now - sentAt[seq]!;
      lastDelivery = now;
      if (distinct === o.messages) resolveDone();
    };
    // Pacing: a 1 ms tick (the timer granularity) tops up to the rate; the PUBACK path refills the window.
    const ticker = o.rate > 0 ? setInterval(pump, 1) : null;
    pump();
    let timedOut = false;
    await withDeadline(done, o.deadlineMs, 'pipeline').catch(() => (timedOut = true));
    if (ticker !== null) clearInterval(ticker);
    const seconds = ((distinct === 0 ? performance.now() : lastDelivery) - start) / 1000;
    const lat = latencies.subarray(0, distinct).sort();
    return {
      delivered: distinct,
      duplicates,
      pubacks,
      lost: Math.max(0, pubacks - distinct),
      seconds,
      msgPerSec: seconds > 0 ? Math.round(distinct / seconds) : 0,
      p50Ms: percentile(lat, 0.5),
      p99Ms: percentile(lat, 0.99),
      timedOut,
    };
  } finally {
    await Promise.all([sub.close(), pub.close()]);
    if (o.persistent) await (await RawClient.connect(o.port, `${o.tag}-sub`, true)).close(); // discard it
  }
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.floor(q * sorted.length));
  return Math.round(sorted[i]! * 1000) / 1000;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const messages = Number(arg('messages', '20000'));
  const window = Number(arg('window', '500'));
  const rounds = Number(arg('rounds', '2'));
  const fixedRate = Number(arg('rate', '0'));
  const brokers = arg('brokers', 'reference,mosquitto').split(',') as BrokerName[];
  const persistent = process.argv.includes('--persistent');
  const deadlineMs = 60_000;
  const throughput = new Map<BrokerName, PhaseResult[]>(brokers.map((b) => [b, []]));
  const latency = new Map<BrokerName, PhaseResult[]>(brokers.map((b) => [b, []]));
  const running = new Map<BrokerName, RunningBroker>();
  try {
    for (const b of brokers) running.set(b, await startBroker(b));
    for (let r = 0; r < rounds; r++) {
      const order = brokers.map((_, i) => brokers[(i + r) % brokers.length]!);
      for (const b of order) {
        const res = await runPipeline({ port: running.get(b)!.port, messages, window, rate: 0, deadlineMs, tag: `tp${r}${b}`, persistent });
        log(`round ${r + 1} ${b} throughput: ${res.msgPerSec} msg/s, delivered ${res.delivered}/${messages}, lost ${res.lost}, dup ${res.duplicates}${res.timedOut ? ' (deadline)' : ''}`);
        throughput.get(b)!.push(res);
      }
    }
    const lowest = Math.min(...brokers.map((b) => median(throughput.get(b)!.map((x) => x.msgPerSec))));
    const rate = fixedRate > 0 ? fixedRate : Math.max(1000, Math.round(lowest / 2 / 1000) * 1000);
    for (let r = 0; r < rounds; r++) {
      const order = brokers.map((_, i) => brokers[(i + r) % brokers.length]!);
      for (const b of order) {
        const res = await runPipeline({ port: running.get(b)!.port, messages, window, rate, deadlineMs, tag: `lat${r}${b}`, persistent });
        log(`round ${r + 1} ${b} at ${rate} msg/s: p50 ${res.p50Ms} ms, p99 ${res.p99Ms} ms, lost ${res.lost}`);
        latency.get(b)!.push(res);
      }
    }
    const row = (b: BrokerName): string => {
      const t = throughput.get(b)!;
      const l = latency.get(b)!;
      const lost = t.reduce((s, x) => s + x.lost, 0) + l.reduce((s, x) => s + x.lost, 0);
      return `| ${b} | ${median(t.map((x) => x.msgPerSec))} | ${lost} | ${median(l.map((x) => x.p50Ms))} | ${median(l.map((x) => x.p99Ms))} |`;
    };
    console.log(`QoS 1, 1 → 1${persistent ? ', persistent subscriber session' : ''}, ${window} unacknowledged at the publisher, ${messages} messages, ${rounds} rounds (medians); latency at ${rate} msg/s\n`);
    console.log('| broker | msg/s | lost (all rounds) | p50 ms | p99 ms |');
    console.log('|---|---|---|---|---|');
    for (const b of brokers) console.log(row(b));
    const out = fileURLToPath(new URL(`results/pipeline${persistent ? '-persistent' : ''}-latest.json`, import.meta.url));
    mkdirSync(fileURLToPath(new URL('results/', import.meta.url)), { recursive: true });
    writeFileSync(out, `${JSON.stringify({
      date: new Date().toISOString(), messages, window, rounds, rate, persistent,
      environment: { node: process.version, cpus: cpus().length, loadavg: loadavg() },
      throughput: Object.fromEntries(throughput), latency: Object.fromEntries(latency),
    }, null, 2)}\n`);
    if (brokers.includes('reference') && brokers.includes('mosquitto')) {
      const ref = throughput.get('reference')!;
      const mosq = throughput.get('mosquitto')!;
      const rate = median(ref.map((x) => x.msgPerSec)) / median(mosq.map((x) => x.msgPerSec));
      const lost = [...ref, ...latency.get('reference')!].reduce((s, x) => s + x.lost + (x.delivered < messages ? 1 : 0), 0);
      const p50 = median(latency.get('reference')!.map((x) => x.p50Ms)) / median(latency.get('mosquitto')!.map((x) => x.p50Ms));
      const targets = [
        [`rate ref/mosquitto ${rate.toFixed(2)} ≥ 1`, rate >= 1],
        [`reference lost 0 and delivered everything (${lost === 0 ? 'yes' : 'no'})`, lost === 0],
        [`p50 ref/mosquitto ${p50.toFixed(2)} ≤ 2`, p50 <= 2],
      ] as const;
      console.log('');
      for (const [what, ok] of targets) console.log(`- ${ok ? 'met' : 'MISSED'}: ${what}`);
      if (targets.some(([, ok]) => !ok)) process.exitCode = 1;
    }
  } finally {
    await stopAllBrokers();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 2;
    void stopAllBrokers();
  });
}
