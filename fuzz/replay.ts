// Replays a saved failure against a fresh target and returns the problems the checks still see
// (empty = the bug is fixed): broker inputs against a newly launched reference broker with the
// witnesses running, parser streams through the framer and parser, probe cases against the probe.
import { launchBroker } from './broker-process.ts';
import { runCampaign } from './campaign.ts';
import { brokerScripts, parserInput, probeCase } from './corpus.ts';
import type { BrokerFailure, FailureFile, ParserFailure, ProbeFailure } from './corpus.ts';
import { checkParserInput } from './parser-check.ts';
import { ProbeBench } from './probe-fuzz.ts';
import { parseEndpoint, play } from './send.ts';
import { runSession } from './session.ts';

export interface ReplayProblem {
  check: string;
  detail: string;
}

/** Plays the inputs in their saved order, at most `concurrency` at once (as the campaign overlapped them). */
export async function replayBroker(f: BrokerFailure, concurrency = 8): Promise<ReplayProblem[]> {
  const now = (): number => performance.now();
  const scripts = brokerScripts(f);
  const websocket = scripts.some((s) => s.transport === 'ws');
  const broker = await launchBroker({ store: f.store, now, websocket, ...(f.limits !== undefined ? { limits: f.limits } : {}) });
  const endpoint = parseEndpoint(broker.url);
  const target = { endpoint, ...(broker.wsUrl !== undefined ? { wsUrl: broker.wsUrl } : {}) };
  const witness = { witnessRate: f.witnessRate ?? 50, witnessWindow: f.witnessWindow ?? 10 };
  const result = await runSession({ endpoint, broker, nonce: `replay-${Date.now().toString(36)}`, ...witness, deadlineMs: 5000, now, ...(f.maxRssMb !== undefined ? { maxRssMb: f.maxRssMb } : {}) }, async (ctx) => {
    const until = now() + (f.minSeconds ?? 0) * 1000;
    const load = f.campaign === undefined ? null : runCampaign({ endpoint, seed: f.seed, ...f.campaign, now }, ctx);
    const active = new Set<Promise<void>>();
    for (const script of scripts) {
      if (ctx.aborted) break;
      while (active.size >= concurrency) await Promise.race([...active, ctx.abortedSignal]);
      const run = play(target, script).then(() => { active.delete(run); });
      active.add(run);
    }
    await Promise.race([Promise.all(active), ctx.abortedSignal]);
    if (load !== null) await load;
    let timer: NodeJS.Timeout | undefined;
    if (!ctx.aborted && now() < until) await Promise.race([new Promise((resolve) => { timer = setTimeout(resolve, until - now()); }), ctx.abortedSignal]);
    clearTimeout(timer);
  }).catch(async (e: unknown) => { await broker.stop().catch(() => undefined); throw e; });
  const problems: ReplayProblem[] = result.problems.map((p) => ({ check: p.check, detail: p.detail }));
  if (broker.unexpectedExit === null) {
    const exit = await broker.stop();
    if (exit.code !== 0) problems.push({ check: 'unclean-stop', detail: `SIGTERM ended the broker with code ${exit.code}, signal ${exit.signal}` });
  }
  return problems;
}

export function replayParser(f: ParserFailure): ReplayProblem[] {
  const finding = checkParserInput(parserInput(f));
  return finding === null ? [] : [finding];
}

export async function replayProbe(f: ProbeFailure): Promise<ReplayProblem[]> {
  const bench = await ProbeBench.start();
  try {
    return (await bench.run(probeCase(f))).problems;
  } finally {
    await bench.stop();
  }
}

export function replay(f: FailureFile): Promise<ReplayProblem[]> {
  switch (f.target) {
    case 'broker': return replayBroker(f);
    case 'parser': return Promise.resolve(replayParser(f));
    case 'probe': return replayProbe(f);
  }
}
