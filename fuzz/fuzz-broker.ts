// A whole fuzz run: launch the reference broker (unless a URL is given), run the campaign inside a
// checked session, stop the broker (a clean exit is one more check), and save each failure with the
// inputs started around it. Used by run.ts (the CLI) and fuzz.test.ts (the short run).
import { launchBroker } from './broker-process.ts';
import type { BrokerUnderTest, Store } from './broker-process.ts';
import { runCampaign } from './campaign.ts';
import type { CampaignStats } from './campaign.ts';
import { saveBrokerFailure } from './corpus.ts';
import { createRng } from './rng.ts';
import { buildScript, transportFor } from './script.ts';
import type { ConnectionScript } from './script.ts';
import { parseEndpoint } from './send.ts';
import { runSession } from './session.ts';
import type { Problem } from './session.ts';
import type { WitnessVerdict } from './witness-check.ts';

export interface FuzzOptions {
  seconds: number;
  seed: number;
  /** A running broker to fuzz; without it the reference broker is launched. */
  url?: string;
  /** Also fuzz this ws:// URL (every fourth connection); the launched broker gets a ws listener unless `websocket` is false. */
  wsUrl?: string;
  websocket?: boolean;
  store: Store;
  connectionsPerSecond: number;
  packetsPerSecond: number;
  concurrency: number;
  witnessRate: number;
  witnessWindow?: number;
  deadlineMs: number;
  /** Fail when the launched broker's resident memory exceeds this (MB). */
  maxRssMb?: number;
  /** Most bytes (KB) a huge-announce script trickles after announcing up to 256 MB (default 64). */
  trickleKb?: number;
  /** Where failures are saved; null = do not save. */
  failuresDir: string | null;
  now?: () => number;
  log?: (line: string) => void;
}

export const DEFAULTS: Omit<FuzzOptions, 'seconds' | 'seed'> = {
  store: 'sqlite', connectionsPerSecond: 100, packetsPerSecond: 1000, concurrency: 32, witnessRate: 50, deadlineMs: 5000, failuresDir: null,
};

export interface FuzzReport {
  seed: number;
  target: string;
  stats: CampaignStats | null;
  witness: WitnessVerdict | null;
  peakRssMb: number | null;
  problems: Problem[];
  saved: string[];
}

/** Inputs started within [at - 3 s, at + 0.5 s] (at most the last 50), rebuilt from the seed. */
export function inputsAround(seed: number, stats: CampaignStats | null, at: number, trickleKb = 64, hasWs = false): ConnectionScript[] {
  if (stats === null) return [];
  const root = createRng(seed);
  const indexes: number[] = [];
  stats.startedAt.forEach((t, i) => { if (t >= at - 3000 && t <= at + 500) indexes.push(i); });
  return indexes.slice(-50).map((i) => ({ ...buildScript(root.derive(i), i, { trickleKb }), transport: transportFor(i, hasWs) }));
}

export async function fuzzBroker(options: FuzzOptions): Promise<FuzzReport> {
  const now = options.now ?? (() => performance.now());
  const log = options.log ?? (() => undefined);
  let broker: BrokerUnderTest | undefined;
  if (options.url === undefined) {
    broker = await launchBroker({ store: options.store, now, websocket: options.websocket !== false });
    log(`launched the reference broker (pid ${broker.pid}, ${options.store}) at ${broker.url}`);
  }
  const target = options.url ?? broker!.url;
  if (broker?.wsUrl !== undefined) log(`and at ${broker.wsUrl}`);
  const endpoint = parseEndpoint(target);
  const wsUrl = options.wsUrl ?? broker?.wsUrl;
  let stats: CampaignStats | null = null;
  const result = await runSession(
    { endpoint, broker, nonce: `${options.seed.toString(16)}-${Date.now().toString(36)}`, witnessRate: options.witnessRate, deadlineMs: options.deadlineMs, now, ...(options.maxRssMb !== undefined ? { maxRssMb: options.maxRssMb } : {}), ...(options.witnessWindow !== undefined ? { witnessWindow: options.witnessWindow } : {}) },
    async (ctx) => {
      stats = await runCampaign({ endpoint, ...(wsUrl !== undefined ? { wsUrl } : {}), seed: options.seed, seconds: options.seconds, connectionsPerSecond: options.connectionsPerSecond, packetsPerSecond: options.packetsPerSecond, concurrency: options.concurrency, trickleKb: options.trickleKb ?? 64, now }, ctx);
    },
  ).catch(async (e: unknown) => { await broker?.stop(); throw e; });
  const problems = [...result.problems];
  if (broker !== undefined) {
    const crashed = broker.unexpectedExit !== null;
    const exit = await broker.stop().catch((e: unknown) => ({ code: null, signal: `stop failed: ${(e as Error).message}` }));
    if (!crashed && exit.code !== 0) problems.push({ check: 'unclean-stop', detail: `SIGTERM ended the broker with code ${exit.code}, signal ${exit.signal}`, at: now() });
  }
  const saved: string[] = [];
  if (options.failuresDir !== null) {
    for (const p of problems) {
      saved.push(saveBrokerFailure({
        check: p.check, detail: p.detail, seed: options.seed, found: new Date().toISOString(), store: options.store,
        inputs: inputsAround(options.seed, stats, p.at, options.trickleKb, wsUrl !== undefined), brokerTail: broker?.tail() ?? [],
        witnessRate: options.witnessRate, witnessWindow: options.witnessWindow ?? 10,
        // a witness failure may need the load that came with it: the replay re-runs the campaign
        ...(options.maxRssMb !== undefined ? { maxRssMb: options.maxRssMb } : {}),
        ...(p.check.startsWith('witness-') ? { campaign: { seconds: Math.min(20, options.seconds), connectionsPerSecond: options.connectionsPerSecond, packetsPerSecond: options.packetsPerSecond, concurrency: options.concurrency } } : {}),
      }, options.failuresDir));
    }
  }
  return { seed: options.seed, target, stats, witness: result.witness, peakRssMb: result.peakRssMb, problems, saved };
}
