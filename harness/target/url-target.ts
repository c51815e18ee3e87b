// The target given by --url: parses and checks the URLs, and maps them to one URL per transport.
import type { Transport } from './target-spec.ts';

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
