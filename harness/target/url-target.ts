// The target given by --url: parses and checks the URLs, maps them to one URL per transport, and
// (UrlTarget) checks that each answers before a run.
import { checkReachable } from './reachability.ts';
import type { Reachability } from './reachability.ts';
import type { StartedTarget, Target, TargetStopResult } from './target.ts';
import type { Profile, Transport } from './target-spec.ts';

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

const SCHEMES: Record<string, Transport> = { 'mqtt:': 'mqtt', 'mqtts:': 'mqtts', 'ws:': 'ws', 'wss:': 'wss' };

/** Checks one URL; returns its transport or throws TargetError naming the problem and the fix. */
export function transportOf(url: string): Transport {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TargetError(`--url ${url}: not a URL (expected e.g. mqtt://127.0.0.1:1883, mqtts://…, ws://host:port/mqtt, wss://…)`);
  }
  const transport = SCHEMES[parsed.protocol];
  if (transport === undefined) {
    throw new TargetError(`--url ${url}: unsupported scheme "${parsed.protocol}" (use mqtt://, mqtts://, ws:// or wss://)`);
  }
  if (parsed.hostname === '') throw new TargetError(`--url ${url}: no host`);
  return transport;
}

/** The first URL of each transport, in the order given. */
export function transportsOf(urls: string[]): Partial<Record<Transport, string>> {
  const transports: Partial<Record<Transport, string>> = {};
  for (const url of urls) {
    const t = transportOf(url);
    if (transports[t] === undefined) transports[t] = url;
  }
  return transports;
}

export class TargetUnreachableError extends Error {
  constructor(readonly checks: readonly Reachability[], deadlineMs: number) {
    super(`target unreachable — tried an MQTT 3.1.1 CONNECT (deadline ${deadlineMs} ms) to:\n` +
      checks.filter((c) => !c.ok).map((c) => `  ${c.url}: ${c.detail}`).join('\n'));
    this.name = 'TargetUnreachableError';
  }
}

export interface UrlTargetOptions {
  urls: string[];
  profile: Profile;
  /** Deadline of each reachability check (CONNECT → CONNACK; default 5 s). */
  deadlineMs?: number;
  /** Credentials for the check (a broker refusing anonymous clients answers CONNACK 5 without them). */
  username?: string;
  password?: string;
  caFile?: string;
  /** Client id of the check (default mqttc-reach-<random>). */
  clientId?: string;
}

/**
 * A broker someone else runs, by URL: start() checks every URL answers CONNECT with CONNACK within the
 * deadline (TargetUnreachableError says what was tried and what happened otherwise); stop() leaves the
 * broker running, since this target did not start it.
 */
export class UrlTarget implements Target {
  readonly kind = 'url' as const;
  readonly name: string;
  private readonly transports: Partial<Record<Transport, string>>;

  constructor(private readonly options: UrlTargetOptions) {
    if (options.urls.length === 0) throw new TargetError('a URL target needs at least one --url (e.g. --url mqtt://127.0.0.1:1883)');
    this.transports = transportsOf(options.urls);
    this.name = options.urls.join(' ');
  }

  async start(): Promise<StartedTarget> {
    const o = this.options;
    const deadlineMs = o.deadlineMs ?? 5000;
    const checks = await Promise.all(o.urls.map((url) => checkReachable(url, {
      deadlineMs,
      ...(o.clientId !== undefined ? { clientId: o.clientId } : {}),
      ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}),
      ...(o.caFile !== undefined ? { caFile: o.caFile } : {}),
    })));
    if (checks.some((c) => !c.ok)) throw new TargetUnreachableError(checks, deadlineMs);
    const stopped: TargetStopResult = { code: null, signal: null };
    const started: StartedTarget = {
      kind: 'url',
      description: this.name,
      urls: [...o.urls],
      transports: { ...this.transports },
      profile: o.profile,
      stop: async () => stopped,
      [Symbol.asyncDispose]: async () => undefined,
      ...(o.caFile !== undefined ? { caFile: o.caFile } : {}),
    };
    return started;
  }
}
