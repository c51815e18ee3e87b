// Judges a WitnessHistory: every message the broker acknowledged (PUBACK) must reach the subscriber,
// and within the deadline of being sent; every message sent must be acknowledged within the deadline.
import type { WitnessHistory } from './witness.ts';

export interface WitnessVerdict {
  sent: number;
  acked: number;
  received: number;
  duplicates: number;
  /** Acknowledged to the publisher and never delivered: the broker dropped what it accepted. */
  lost: number[];
  /** Delivered, but later than sentAt + deadline. */
  late: number[];
  /** Never acknowledged, or acknowledged later than the deadline. */
  unacked: number[];
  disconnects: WitnessHistory['disconnects'];
  outOfOrder: number;
  latencyMs: { p50: number; p99: number; max: number };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function checkWitness(history: WitnessHistory, deadlineMs: number): WitnessVerdict {
  const lost: number[] = [];
  const late: number[] = [];
  const unacked: number[] = [];
  const latencies: number[] = [];
  let acked = 0;
  let received = 0;
  let duplicates = 0;
  for (const r of history.records) {
    if (r.ackedAt !== undefined) acked++;
    if (r.ackedAt === undefined || r.ackedAt - r.sentAt > deadlineMs) unacked.push(r.seq);
    if (r.receivedAt === undefined) {
      if (r.ackedAt !== undefined) lost.push(r.seq);
      continue;
    }
    received++;
    duplicates += r.receivedCount - 1;
    const latency = r.receivedAt - r.sentAt;
    latencies.push(latency);
    if (latency > deadlineMs) late.push(r.seq);
  }
  latencies.sort((a, b) => a - b);
  return {
    sent: history.records.length, acked, received, duplicates, lost, late, unacked,
    disconnects: history.disconnects, outOfOrder: history.outOfOrder,
    latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1] ?? 0 },
  };
}

export interface WitnessProblem {
  check: 'witness-lost' | 'witness-late' | 'witness-unacked' | 'witness-disconnected';
  detail: string;
  /** The first message concerned (its sentAt places the failure in time), if any. */
  firstSeq?: number;
  at?: number;
}

/** The witness's failures (empty when the witness saw nothing wrong). */
export function witnessProblems(v: WitnessVerdict, deadlineMs: number): WitnessProblem[] {
  const out: WitnessProblem[] = [];
  const list = (xs: number[]): string => xs.slice(0, 10).join(', ') + (xs.length > 10 ? `, … (${xs.length})` : '');
  if (v.lost.length > 0) out.push({ check: 'witness-lost', firstSeq: v.lost[0]!, detail: `${v.lost.length} acknowledged message(s) never delivered (seq ${list(v.lost)})` });
  if (v.late.length > 0) out.push({ check: 'witness-late', firstSeq: v.late[0]!, detail: `${v.late.length} message(s) delivered later than ${deadlineMs} ms (seq ${list(v.late)}; max latency ${Math.round(v.latencyMs.max)} ms)` });
  if (v.unacked.length > 0) out.push({ check: 'witness-unacked', firstSeq: v.unacked[0]!, detail: `${v.unacked.length} message(s) not acknowledged within ${deadlineMs} ms (seq ${list(v.unacked)})` });
  for (const d of v.disconnects) out.push({ check: 'witness-disconnected', at: d.at, detail: `the broker closed the witness ${d.who} (${d.reason})` });
  return out;
}
