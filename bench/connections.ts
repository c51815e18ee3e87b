// Connection setup rate and memory per idle connection, in one measurement: open `count` clients
// (at most `concurrency` handshakes at a time), time CONNECT -> CONNACK for all of them, then read the
// broker's RSS with every client connected and idle (keepalive 0). Memory per connection is
// (RSS with clients - RSS before) / count.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RawClient } from './client.ts';
import { encodeConnect } from './wire.ts';

export interface ConnectionsOptions {
  port: number;
  pid: number;
  count: number;
  concurrency: number;
  deadlineMs: number;
  tag: string;
}

export interface ConnectionsResult {
  connected: number;
  connectPerSec: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  bytesPerConnection: number;
  timedOut: boolean;
}

export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (m === null) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

export async function runConnections(o: ConnectionsOptions): Promise<ConnectionsResult> {
  // Encoded before the clock starts: the probe measures the broker, not mqtt-packet.
  const packets = Array.from({ length: o.count }, (_, i) => encodeConnect(`${o.tag}-${i}`, true));
  const rssBefore = rssBytes(o.pid);
  const clients: RawClient[] = [];
  let next = 0;
  let timedOut = false;
  const deadline = performance.now() + o.deadlineMs;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < o.count && !timedOut) {
      const i = next++;
      const left = deadline - performance.now();
      if (left <= 0) {
        timedOut = true;
        return;
      }
      try {
        clients.push(await RawClient.connect(o.port, `${o.tag}-${i}`, true, left, packets[i]));
      } catch {
        timedOut = true;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    const seconds = (performance.now() - start) / 1000;
    const rssAfter = rssBytes(o.pid);
    return {
      connected: clients.length,
      connectPerSec: Math.round(clients.length / seconds),
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
      bytesPerConnection: clients.length > 0 ? Math.round((rssAfter - rssBefore) / clients.length) : Number.NaN,
      timedOut,
    };
  } finally {
    // Close in slices so the teardown does not flood the broker.
    for (let i = 0; i < clients.length; i += 500) await Promise.all(clients.slice(i, i + 500).map((c) => c.close()));
  }
}
