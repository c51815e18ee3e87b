// One fuzz session against a broker: start the witnesses, run a driver (the random campaign, or a
// replay of saved inputs), drain the witnesses, check the broker still answers a CONNECT, and judge.
// The checks: the broker process never exits, logs no error record and no non-JSON line, loses no
// acknowledged witness message, delivers none late, and still accepts a connection at the end.
import type { BrokerUnderTest } from './broker-process.ts';
import { MqttClient } from './mqtt-client.ts';
import type { Endpoint } from './send.ts';
import { Witness } from './witness.ts';
import { checkWitness, witnessProblems } from './witness-check.ts';
import type { WitnessVerdict } from './witness-check.ts';

export type CheckName =
  | 'broker-exited' | 'broker-log-error' | 'broker-memory' | 'broker-stderr-not-json' | 'broker-unresponsive' | 'unclean-stop'
  | 'witness-lost' | 'witness-late' | 'witness-unacked' | 'witness-disconnected' | 'witness-start';

export interface Problem {
  check: CheckName;
  detail: string;
  /** Time (session clock) the problem was seen. */
  at: number;
}

export interface SessionOptions {
  endpoint: Endpoint;
  /** The broker process, when the fuzzer launched it (process and log checks need it). */
  broker?: BrokerUnderTest;
  nonce: string;
  witnessRate: number;
  /** Most unacknowledged witness messages at once (default 10). */
  witnessWindow?: number;
  /** A witness message later than this (sent → delivered, sent → acknowledged) fails the run. */
  deadlineMs: number;
  now: () => number;
  /** Fail when the broker's resident memory goes beyond this many MB (checked twice a second). */
  maxRssMb?: number;
}

export interface SessionResult {
  problems: Problem[];
  witness: WitnessVerdict | null;
  /** Highest resident memory of the broker process seen (MB), when known. */
  peakRssMb: number | null;
}

export interface DriverContext {
  /** True once the broker process exited: the driver should stop. */
  readonly aborted: boolean;
  /** Resolves when the broker process exits (never, without a broker). */
  readonly abortedSignal: Promise<void>;
}

export async function runSession(options: SessionOptions, drive: (ctx: DriverContext) => Promise<void>): Promise<SessionResult> {
  const problems: Problem[] = [];
  const { broker, now } = options;
  let aborted = false;
  const abortedSignal = new Promise<void>((resolve) => {
    broker?.onExit((exit) => {
      aborted = true;
      problems.push({ check: 'broker-exited', detail: `the broker process exited (code ${exit.code}, signal ${exit.signal}); last stderr:\n${broker.tail().slice(-15).join('\n')}`, at: now() });
      resolve();
    });
  });
  let witness: Witness;
  try {
    witness = await Witness.start(options.endpoint, { rate: options.witnessRate, window: options.witnessWindow ?? 10, nonce: options.nonce, now, connectDeadlineMs: options.deadlineMs });
  } catch (e) {
    problems.push({ check: 'witness-start', detail: (e as Error).message, at: now() });
    return { problems, witness: null, peakRssMb: null };
  }
  let peakRss = 0;
  let memoryReported = false;
  const sampler = setInterval(() => {
    const rss = broker?.rssBytes() ?? null;
    if (rss === null) return;
    peakRss = Math.max(peakRss, rss);
    if (options.maxRssMb !== undefined && rss > options.maxRssMb * 1024 * 1024 && !memoryReported) {
      memoryReported = true;
      problems.push({ check: 'broker-memory', detail: `broker resident memory ${(rss / 1048576).toFixed(0)} MB is beyond ${options.maxRssMb} MB`, at: now() });
    }
  }, 500);
  try {
    await drive({ get aborted() { return aborted; }, abortedSignal });
    if (!aborted) await Promise.race([witness.drain(options.deadlineMs), abortedSignal]);
  } finally {
    clearInterval(sampler);
    witness.close();
  }
  const verdict = checkWitness(witness.history, options.deadlineMs);
  if (!aborted) {
    for (const w of witnessProblems(verdict, options.deadlineMs)) {
      const sentAt = w.firstSeq === undefined ? undefined : witness.history.records[w.firstSeq]?.sentAt;
      problems.push({ check: w.check, detail: w.detail, at: w.at ?? sentAt ?? now() });
    }
    const id = `fuzz-liveness-${options.nonce}`;
    await MqttClient.connect(options.endpoint, id, options.deadlineMs).then(
      (c) => c.close(),
      (e: unknown) => problems.push({ check: 'broker-unresponsive', detail: `after the run: ${(e as Error).message}`, at: now() }),
    );
  }
  for (const p of broker?.problems ?? []) {
    problems.push({ check: p.kind === 'not-json' ? 'broker-stderr-not-json' : 'broker-log-error', detail: p.line.slice(0, 2000), at: p.at ?? now() });
  }
  return { problems, witness: verdict, peakRssMb: peakRss === 0 ? null : peakRss / 1048576 };
}
