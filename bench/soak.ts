// Soak (issue 12): hold `connections` clients (default 10,000) connected, each subscribed to a topic
// of its own (even ones at QoS 1, odd ones at QoS 0), while `publishers` clients publish a steady
// `rate` msg/s (half QoS 1) to random ones, for `seconds` after `warmup` seconds. The broker runs in a
// process of its own (bench/soak-broker.ts, with --expose-gc); its heap after a forced GC and its RSS
// are sampled every `every` seconds. Pass: heap at the end within 10 % of the heap after warm-up (no
// leak), every connection still open, nothing lost at QoS 1.
//
// Usage: node --import tsx bench/soak.ts [--connections 10000] [--seconds 60] [--warmup 15]
//        [--rate 1000] [--publishers 10] [--every 5]
// Prints a Markdown summary on stdout, progress on stderr, writes bench/results/soak-latest.json.
// Exits 1 when a target is missed.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RawClient } from './client.ts';
import { encodePublishStream, puback } from './wire.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a non-negative number, got ${process.argv[i + 1]}`);
  return v;
}

const o = {
  connections: arg('connections', 10_000),
  seconds: arg('seconds', 60),
  warmup: arg('warmup', 15),
  rate: arg('rate', 1000),
  publishers: Math.max(1, arg('publishers', 10)),
  every: Math.max(1, arg('every', 5)),
};
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const root = fileURLToPath(new URL('..', import.meta.url));

interface Sample { atS: number; heapUsed: number; rss: number; connections: number; gc: boolean }

const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/soak-broker.ts'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout! });
const waiting: ((line: string) => void)[] = [];
lines.on('line', (line) => waiting.shift()?.(line));
const nextLine = (ms: number, what: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`soak broker: no ${what} within ${ms} ms`)), ms);
    waiting.push((line) => { clearTimeout(timer); resolve(line); });
  });

const started = Date.now();
const ready = (await nextLine(30_000, 'ready')).split(' ');
const port = Number(ready[1]);
const metricsUrl = ready[2]!;
const sample = async (): Promise<Sample> => {
  child.stdin!.write('sample\n');
  const s = JSON.parse((await nextLine(30_000, 'sample')).slice('sample '.length)) as Omit<Sample, 'atS'>;
  return { atS: Math.round((Date.now() - started) / 1000), ...s };
};

// ---- clients ----
let received = [0, 0];
let qos1Sent = 0;
let pubacks = 0;
const subscribers: RawClient[] = [];
const t0 = Date.now();
for (let next = 0; next < o.connections;) {
  const batch = Array.from({ length: Math.min(200, o.connections - next) }, (_, k) => next + k);
  next += batch.length;
  const clients = await Promise.all(batch.map((i) => RawClient.connect(port, `soak-${i}`, true, 30_000, undefined, (c) => {
    c.onPublish = (qos, packetId) => {
      received[qos === 0 ? 0 : 1]!++;
      if (qos === 1) c.write(puback(packetId));
    };
  })));
  await Promise.all(clients.map((c, k) => c.subscribe(`soak/${batch[k]}`, (batch[k]! % 2 === 0 ? 1 : 0), 30_000)));
  subscribers.push(...clients);
  if (next % 2000 === 0) log(`connected ${next}`);
}
const connectSeconds = (Date.now() - t0) / 1000;
log(`${o.connections} subscribers connected in ${connectSeconds.toFixed(1)} s`);
const publishers = await Promise.all(Array.from({ length: o.publishers }, (_, i) => RawClient.connect(port, `soak-pub-${i}`, true, 30_000)));
for (const p of publishers) p.onPuback = () => void pubacks++;

// pre-encoded messages per target topic are too many for 10,000 topics: encode one per QoS per target lazily
const encoded = new Map<string, Buffer>();
const packet = (target: number, qos: 0 | 1, id: number): Buffer => {
  const key = `${target}/${qos}`;
  let b = encoded.get(key);
  if (b === undefined) {
    b = encodePublishStream(`soak/${target}`, qos, 1).bytes;
    encoded.set(key, b);
  }
  if (qos === 1) {
    const copy = Buffer.from(b);
    copy.writeUInt16BE(id, copy.length - 18); // packet id before the 16-byte payload
    return copy;
  }
  return b;
};

let packetId = 0;
let sentTotal = 0;
const tickMs = 50;
const perTick = o.rate * tickMs / 1000;
let carry = 0;
const timer = setInterval(() => {
  carry += perTick;
  const n = Math.floor(carry);
  carry -= n;
  for (let k = 0; k < n; k++) {
    const target = Math.floor(Math.random() * o.connections);
    const qos = target % 2 === 0 ? 1 : 0; // a message at the subscriber's QoS
    const pub = publishers[sentTotal % publishers.length]!;
    packetId = (packetId % 65535) + 1;
    pub.write(packet(target, qos, packetId));
    if (qos === 1) qos1Sent++;
    sentTotal++;
  }
}, tickMs);

const wait = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));
await wait(o.warmup);
const warm = await sample();
log(`warm-up done: heap ${(warm.heapUsed / 1048576).toFixed(1)} MiB, rss ${(warm.rss / 1048576).toFixed(1)} MiB, ${warm.connections} connections`);
received = [0, 0];
const qos1AtWarm = qos1Sent;
const samples: Sample[] = [warm];
for (let t = 0; t < o.seconds; t += o.every) {
  await wait(Math.min(o.every, o.seconds - t));
  const s = await sample();
  samples.push(s);
  log(`t+${s.atS}s heap ${(s.heapUsed / 1048576).toFixed(1)} MiB rss ${(s.rss / 1048576).toFixed(1)} MiB connections ${s.connections}`);
}
clearInterval(timer);
const qos1Expected = qos1Sent - qos1AtWarm;
// what was sent before the timer stopped is delivered within a deadline
const deadline = Date.now() + 10_000;
while (received[1]! < qos1Expected && Date.now() < deadline) await wait(0.05);
const metrics = await (await fetch(metricsUrl)).text();
const metric = (name: string): number => Number(new RegExp(`^${name.replace(/[{}"=]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
const end = samples.at(-1)!;
const heapGrowth = (end.heapUsed - warm.heapUsed) / warm.heapUsed;
const rssGrowth = (end.rss - warm.rss) / warm.rss;
const result = {
  date: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg().map((l) => Number(l.toFixed(2))), options: o,
  connectSeconds, connectionsAtEnd: end.connections,
  published: sentTotal, qos1Published: qos1Expected, qos1Delivered: received[1], qos0Delivered: received[0], pubacks,
  heapWarmMiB: warm.heapUsed / 1048576, heapEndMiB: end.heapUsed / 1048576, heapGrowthPct: heapGrowth * 100,
  rssWarmMiB: warm.rss / 1048576, rssEndMiB: end.rss / 1048576, rssGrowthPct: rssGrowth * 100,
  metrics: {
    connections: metric('mqtt_connections'), sentQos1: metric('mqtt_messages_sent_total{qos="1"}'),
    dropped: metric('mqtt_messages_dropped_total{cause="queue-full"}') + metric('mqtt_messages_dropped_total{cause="qos0-backlog"}'),
  },
  samples,
};
const pass = Math.abs(heapGrowth) <= 0.1 && end.connections >= o.connections + o.publishers && received[1]! >= qos1Expected;
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/soak-latest.json`, `${JSON.stringify({ ...result, pass }, null, 2)}\n`);
const mib = (b: number): string => (b / 1048576).toFixed(1);
process.stdout.write([
  `## Soak: ${o.connections} connections, ${o.rate} msg/s for ${o.seconds} s after ${o.warmup} s warm-up`,
  '',
  '| | after warm-up | end | change |',
  '|---|---|---|---|',
  `| heap after GC | ${mib(warm.heapUsed)} MiB | ${mib(end.heapUsed)} MiB | ${(heapGrowth * 100).toFixed(1)} % |`,
  `| RSS | ${mib(warm.rss)} MiB | ${mib(end.rss)} MiB | ${(rssGrowth * 100).toFixed(1)} % |`,
  `| connections | ${warm.connections} | ${end.connections} | |`,
  '',
  `Published ${sentTotal} (QoS 1 after warm-up: ${qos1Expected}, delivered ${received[1]}; QoS 0 delivered ${received[0]}); connect ${connectSeconds.toFixed(1)} s; load ${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs.`,
  `Target (heap within 10 %, every connection open, no QoS 1 lost): ${pass ? 'met' : 'MISSED'}`,
  '',
].join('\n'));
await Promise.all([...subscribers, ...publishers].map((c) => c.socket.destroy()));
child.stdin!.write('stop\n');
await new Promise((r) => child.once('exit', r));
process.exit(pass ? 0 : 1);
