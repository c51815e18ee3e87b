// The harness's own clients against a broker that sends garbage: the probe (harness/probe) opens a
// connection, sends CONNECT, expects a CONNACK, subscribes, expects a SUBACK and no PUBLISH, then drops
// the connection; now and then the reachability check (harness/target, MQTT.js) runs too. Each must
// end in an answer or a typed error (ExpectationError, ConnectError) within its deadline: an uncaught
// exception, an unhandled rejection, an untyped error or a hang is a finding.
import type { Packet } from 'mqtt-packet';
import { ConnectError, ExpectationError, ProbeConnection, Trace } from '../harness/probe/index.ts';
import { checkReachable } from '../harness/target/reachability.ts';
import { GarbageBroker, planGarbage } from './garbage-broker.ts';
import type { Rng } from './rng.ts';
import type { GarbagePlan } from './garbage-broker.ts';
import { createRng } from './rng.ts';

export interface ProbeFinding {
  check: 'probe-uncaught' | 'probe-unhandled-rejection' | 'probe-untyped-error' | 'probe-hang' | 'reachability-threw';
  detail: string;
  seed: number;
  index: number;
  case: ProbeCase;
}

export interface ProbeFuzzResult {
  sessions: number;
  /** How the probe's sessions ended: 'connack', 'ExpectationError', 'ConnectError', … */
  outcomes: Record<string, number>;
  findings: ProbeFinding[];
  elapsedMs: number;
}

const SESSION_DEADLINE_MS = 5000;

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
}

async function probeSession(url: string, level: 3 | 4 | 5): Promise<string> {
  const trace = new Trace();
  let conn: ProbeConnection;
  try {
    conn = await ProbeConnection.open({ name: 'fuzz', url, protocolVersion: level, trace, connectTimeoutMs: 1000, autoAck: true });
  } catch (e) {
    if (e instanceof ConnectError) return 'ConnectError';
    throw e;
  }
  try {
    conn.send({ cmd: 'connect', protocolId: level === 3 ? 'MQIsdp' : 'MQTT', protocolVersion: level, clean: true, clientId: 'fuzz-probe', keepalive: 60 } as Packet);
    await conn.expect((p) => p.cmd === 'connack', 150, 'a CONNACK');
    conn.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 1 }] } as Packet);
    await conn.expect((p) => p.cmd === 'suback', 100, 'a SUBACK');
    await conn.expectNone((p) => p.cmd === 'publish', 30, 'PUBLISH');
    return 'answered';
  } catch (e) {
    if (e instanceof ExpectationError) return 'ExpectationError';
    throw e;
  } finally {
    trace.render();
    conn.drop();
  }
}

/** One probe case: the garbage the fake broker sends, the probe's protocol level, and which client runs. */
export interface ProbeCase {
  level: 3 | 4 | 5;
  /** Run the reachability check (MQTT.js) instead of a probe session. */
  reach: boolean;
  plan: GarbagePlan;
}

/** `reachShare`: the share of cases that run the reachability check instead of the probe. */
export function buildProbeCase(rng: Rng, reachShare = 0.25): ProbeCase {
  const level = rng.pick([3, 4, 5] as const);
  const plan = planGarbage(rng, level === 5 ? 5 : 4);
  return { level, reach: rng.chance(reachShare), plan };
}

/**
 * Runs probe cases one at a time against one garbage broker, with process-level listeners that turn
 * an uncaught exception or unhandled rejection into a finding of the case running when it came.
 */
export class ProbeBench {
  private current: ProbeCase | null = null;
  private onFinding: (check: ProbeFinding['check'], detail: string) => void = () => undefined;
  private readonly onUncaught = (e: unknown): void => this.onFinding('probe-uncaught', describe(e));
  private readonly onRejection = (e: unknown): void => this.onFinding('probe-unhandled-rejection', describe(e));

  private constructor(private readonly broker: GarbageBroker) {
    process.on('uncaughtException', this.onUncaught);
    process.on('unhandledRejection', this.onRejection);
  }

  static async start(): Promise<ProbeBench> {
    let bench: ProbeBench | null = null;
    const broker = await GarbageBroker.start(() => bench!.current!.plan);
    bench = new ProbeBench(broker);
    return bench;
  }

  /** Plays one case; returns how it ended and what went wrong (empty when the client behaved). */
  async run(c: ProbeCase): Promise<{ outcome: string; problems: { check: ProbeFinding['check']; detail: string }[] }> {
    const problems: { check: ProbeFinding['check']; detail: string }[] = [];
    this.current = c;
    this.onFinding = (check, detail) => { if (problems.length < 10) problems.push({ check, detail }); };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => { timer = setTimeout(() => resolve('hang'), SESSION_DEADLINE_MS); });
    const session = (async (): Promise<string> => {
      if (c.reach) {
        const r = await checkReachable(this.broker.url, { deadlineMs: 200 }).catch((e: unknown) => { problems.push({ check: 'reachability-threw', detail: describe(e) }); return null; });
        return r === null ? 'reachability-threw' : `reachability-${r.ok ? 'ok' : 'failed'}`;
      }
      return probeSession(this.broker.url, c.level).catch((e: unknown) => { problems.push({ check: 'probe-untyped-error', detail: describe(e) }); return 'untyped-error'; });
    })();
    const outcome = await Promise.race([session, deadline]);
    clearTimeout(timer);
    if (outcome === 'hang') problems.push({ check: 'probe-hang', detail: `${c.reach ? 'the reachability check' : 'a probe session'} did not end within ${SESSION_DEADLINE_MS} ms` });
    // errors the client's sockets and queues raise just after it answered still belong to this case
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { outcome, problems };
  }

  async stop(): Promise<void> {
    await this.broker.stop();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('uncaughtException', this.onUncaught);
    process.off('unhandledRejection', this.onRejection);
  }
}

export async function runProbeFuzz(options: { seed: number; seconds: number; reachShare?: number }): Promise<ProbeFuzzResult> {
  const root = createRng(options.seed);
  const findings: ProbeFinding[] = [];
  const outcomes: Record<string, number> = {};
  const bench = await ProbeBench.start();
  const started = performance.now();
  let index = 0;
  try {
    for (; performance.now() - started < options.seconds * 1000; index++) {
      const c = buildProbeCase(root.derive(index), options.reachShare);
      const { outcome, problems } = await bench.run(c);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      for (const p of problems) if (findings.length < 100) findings.push({ ...p, seed: options.seed, index, case: c });
    }
  } finally {
    await bench.stop();
  }
  return { sessions: index, outcomes, findings, elapsedMs: performance.now() - started };
}
