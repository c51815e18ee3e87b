// Aggregation of the rounds (median per broker), ratios, targets, and the Markdown table.
import type { BrokerName } from './brokers.ts';

export type MeasurementId = 'qos0-1to1' | 'qos0-fanout' | 'qos1-clean' | 'qos1-persistent' | 'qos1-offline' | 'connections';

/** One figure of one broker in one round. */
export interface Sample {
  round: number;
  measurement: MeasurementId;
  broker: BrokerName;
  /** msg/s (deliveries/s for fan-out), or CONNECT->CONNACK/s for connections. */
  rate: number;
  p50Ms?: number;
  p99Ms?: number;
  bytesPerConnection?: number;
  /** qos1-offline: stored messages delivered per second once the subscriber is back. */
  drainRate?: number;
  /** Anything incomplete: timed out, fewer deliveries than expected, fewer connections than asked. */
  note?: string;
}

export interface Figure {
  measurement: MeasurementId;
  metric: 'rate' | 'p50Ms' | 'p99Ms' | 'bytesPerConnection' | 'drainRate';
  unit: string;
  /** Higher is better (rates) or lower is better (latency, memory). */
  better: 'higher' | 'lower';
  values: Partial<Record<BrokerName, number>>;
}

export interface Target {
  text: string;
  met: boolean | null;
  detail: string;
}

export const TITLES: Record<MeasurementId, string> = {
  'qos0-1to1': 'QoS 0, 1 → 1',
  'qos0-fanout': 'QoS 0, 1 → 100 fan-out',
  'qos1-clean': 'QoS 1, 1 → 1, clean sessions',
  'qos1-persistent': 'QoS 1, 1 → 1, persistent session (cleanSession=0, subscriber online)',
  'qos1-offline': 'QoS 1, persistent session, subscriber offline, then draining',
  connections: 'Connections',
};

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function aggregate(samples: readonly Sample[], brokers: readonly BrokerName[]): Figure[] {
  const figures: Figure[] = [];
  const ids = [...new Set(samples.map((s) => s.measurement))];
  for (const id of ids) {
    const metrics: Array<[Figure['metric'], string, Figure['better']]> =
      id === 'connections'
        ? [
            ['rate', 'CONNECT→CONNACK/s', 'higher'],
            ['bytesPerConnection', 'bytes RSS per idle connection', 'lower'],
          ]
        : id === 'qos1-offline'
        ? [
            ['rate', 'msg/s stored (PUBACKed) while offline', 'higher'],
            ['drainRate', 'msg/s delivered on reconnect', 'higher'],
          ]
        : [
            ['rate', id === 'qos0-fanout' ? 'deliveries/s' : 'msg/s', 'higher'],
            ['p50Ms', 'p50 latency ms', 'lower'],
            ['p99Ms', 'p99 latency ms', 'lower'],
          ];
    for (const [metric, unit, better] of metrics) {
      const values: Partial<Record<BrokerName, number>> = {};
      for (const b of brokers) {
        const xs = samples.filter((s) => s.measurement === id && s.broker === b).map((s) => s[metric] ?? Number.NaN);
        if (xs.length > 0) values[b] = median(xs);
      }
      figures.push({ measurement: id, metric, unit, better, values });
    }
  }
  return figures;
}

function value(figures: readonly Figure[], id: MeasurementId, metric: Figure['metric'], b: BrokerName): number {
  return figures.find((f) => f.measurement === id && f.metric === metric)?.values[b] ?? Number.NaN;
}

export function evaluateTargets(figures: readonly Figure[]): Target[] {
  const ratio = (id: MeasurementId, metric: Figure['metric'], other: BrokerName): number =>
    value(figures, id, metric, 'reference') / value(figures, id, metric, other);
  const target = (text: string, r: number, ok: (r: number) => boolean): Target => ({
    text,
    met: Number.isFinite(r) ? ok(r) : null,
    detail: Number.isFinite(r) ? `ratio ${r.toFixed(2)}` : 'not measured',
  });
  return [
    target('QoS 0 1→1 msg/s ≥ Mosquitto', ratio('qos0-1to1', 'rate', 'mosquitto'), (r) => r >= 1),
    target('QoS 0 fan-out deliveries/s ≥ 0.8 × Mosquitto', ratio('qos0-fanout', 'rate', 'mosquitto'), (r) => r >= 0.8),
    target('QoS 1 clean msg/s ≥ Aedes', ratio('qos1-clean', 'rate', 'aedes'), (r) => r >= 1),
    target('QoS 1 persistent session, durable on SQLite, msg/s ≥ 0.7 × Aedes in memory', ratio('qos1-persistent', 'rate', 'aedes'), (r) => r >= 0.7),
    target('Memory per idle connection ≤ Aedes', ratio('connections', 'bytesPerConnection', 'aedes'), (r) => r <= 1),
  ];
}

/** The probe is trustworthy only if it sees the known ordering: Mosquitto beats Aedes on QoS 0 fan-out. */
export function sanityWarnings(figures: readonly Figure[]): string[] {
  const m = value(figures, 'qos0-fanout', 'rate', 'mosquitto');
  const a = value(figures, 'qos0-fanout', 'rate', 'aedes');
  if (Number.isFinite(m) && Number.isFinite(a) && m <= a) {
    return [`WARNING: Mosquitto (${fmt(m)}) does not beat Aedes (${fmt(a)}) on QoS 0 fan-out: suspect the probe or a loaded machine.`];
  }
  return [];
}

function fmt(x: number | undefined, unit = ''): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  if (unit.startsWith('p')) return x.toFixed(x < 10 ? 2 : 1);
  return Math.round(x).toLocaleString('en-US');
}

function ratioText(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

export function markdown(figures: readonly Figure[], targets: readonly Target[], warnings: readonly string[], notes: readonly string[]): string {
  const lines: string[] = [];
  lines.push('| measurement | figure | reference | mosquitto | aedes | ref/mosq | ref/aedes | mosq/aedes |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const f of figures) {
    const v = f.values;
    lines.push(
      `| ${TITLES[f.measurement]} | ${f.unit} (${f.better} is better) | ${fmt(v.reference, f.unit)} | ${fmt(v.mosquitto, f.unit)} | ${fmt(v.aedes, f.unit)} | ` +
        `${ratioText(v.reference, v.mosquitto)} | ${ratioText(v.reference, v.aedes)} | ${ratioText(v.mosquitto, v.aedes)} |`,
    );
  }
  lines.push('', '| target | result |', '|---|---|');
  for (const t of targets) lines.push(`| ${t.text} | ${t.met === null ? 'not measured' : t.met ? 'met' : '**not met**'} (${t.detail}) |`);
  if (warnings.length > 0) lines.push('', ...warnings);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  return lines.join('\n');
}
