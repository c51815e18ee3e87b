// The random campaign: many short connections, each playing a script built from (seed, index), with
// connections and packets per second capped and at most `concurrency` open at once; stops by itself
// after `seconds` (or as soon as the broker process exits).
import { Pacer } from './pacer.ts';
import { createRng } from './rng.ts';
import { buildScript, transportFor } from './script.ts';
import type { ScriptKind } from './script.ts';
import { play } from './send.ts';
import type { Endpoint } from './send.ts';
import type { DriverContext } from './session.ts';

export interface CampaignOptions {
  endpoint: Endpoint;
  /** Every fourth connection goes here (MQTT over WebSocket) when set. */
  wsUrl?: string;
  seed: number;
  seconds: number;
  connectionsPerSecond: number;
  packetsPerSecond: number;
  concurrency: number;
  /** Most bytes (KB) a huge-announce script trickles (default 64). */
  trickleKb?: number;
  now: () => number;
}

export interface CampaignStats {
  connections: number;
  connected: number;
  closedByBroker: number;
  packets: number;
  bytes: number;
  byKind: Partial<Record<ScriptKind, number>>;
  /** Connections over WebSocket. */
  websocket: number;
  /** Socket errors seen by fuzz clients, by code (ECONNRESET is the broker dropping a bad client). */
  errors: Record<string, number>;
  elapsedMs: number;
  /** Start time (campaign clock) of each connection, by index: failures name the inputs around a time. */
  startedAt: number[];
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCampaign(options: CampaignOptions, ctx: DriverContext): Promise<CampaignStats> {
  const { now } = options;
  const root = createRng(options.seed);
  const stats: CampaignStats = { connections: 0, connected: 0, closedByBroker: 0, packets: 0, bytes: 0, byKind: {}, websocket: 0, errors: {}, elapsedMs: 0, startedAt: [] };
  const connectionPacer = new Pacer(options.connectionsPerSecond, now);
  const packetPacer = new Pacer(options.packetsPerSecond, now);
  const started = now();
  const end = started + options.seconds * 1000;
  const active = new Set<Promise<void>>();
  for (let index = 0; !ctx.aborted && now() < end; index++) {
    const script = buildScript(root.derive(index), index, { trickleKb: options.trickleKb ?? 64 });
    script.transport = transportFor(index, options.wsUrl !== undefined);
    const wait = Math.max(connectionPacer.reserve(1), packetPacer.reserve(script.packets));
    if (wait > 0) await Promise.race([delay(Math.min(wait, Math.max(0, end - now()))), ctx.abortedSignal]);
    while (active.size >= options.concurrency) await Promise.race([...active, ctx.abortedSignal]);
    if (ctx.aborted || now() >= end) break;
    stats.startedAt[index] = now();
    stats.connections++;
    stats.packets += script.packets;
    stats.byKind[script.kind] = (stats.byKind[script.kind] ?? 0) + 1;
    if (script.transport === 'ws') stats.websocket++;
    for (const c of script.chunks) stats.bytes += c.length;
    const run = play({ endpoint: options.endpoint, ...(options.wsUrl !== undefined ? { wsUrl: options.wsUrl } : {}) }, script).then((outcome) => {
      if (outcome.connected) stats.connected++;
      if (outcome.closedByBroker) stats.closedByBroker++;
      if (outcome.error !== undefined) stats.errors[outcome.error] = (stats.errors[outcome.error] ?? 0) + 1;
      active.delete(run);
    });
    active.add(run);
  }
  await Promise.all(active);
  stats.elapsedMs = now() - started;
  return stats;
}
