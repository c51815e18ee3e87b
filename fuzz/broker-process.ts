// The reference broker as the fuzzer's target: its own process on a free port with throwaway data
// (a temporary SQLite folder, or --memory), its stderr read line by line as it comes. Every line must
// be a JSON log record below level "error"; anything else (a stack trace, an error record) is kept.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawnBroker } from '../broker/cli/spawn-broker.ts';
import type { SpawnedBroker } from '../broker/cli/spawn-broker.ts';

export type Store = 'sqlite' | 'memory';

export interface LogProblem {
  line: string;
  /** 'error-record' (a JSON line at level error) or 'not-json' (e.g. an uncaught exception's trace). */
  kind: 'error-record' | 'not-json';
  /** When it was read (the launcher's clock). */
  at?: number;
}

/** Classifies one stderr line of the broker; null when it is an ordinary log record. */
export function classifyLogLine(line: string): LogProblem | null {
  if (line.trim() === '') return null;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { line, kind: 'not-json' };
  }
  if (typeof record !== 'object' || record === null) return { line, kind: 'not-json' };
  return (record as { level?: unknown }).level === 'error' ? { line, kind: 'error-record' } : null;
}

function readRss(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface BrokerUnderTest {
  /** The mqtt:// URL. */
  readonly url: string;
  /** The ws:// URL, when launched with `websocket`. */
  readonly wsUrl: string | undefined;
  readonly pid: number;
  readonly problems: LogProblem[];
  /** The last stderr lines (for failure files). */
  tail(): string[];
  /** Set once the process ended without being asked to. */
  readonly unexpectedExit: { code: number | null; signal: string | null } | null;
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
  /** Resident memory of the broker process in bytes (Linux /proc), or null where unknown. */
  rssBytes(): number | null;
  /** SIGTERM, wait for exit (deadline), remove the data folder; returns the exit. */
  stop(): Promise<{ code: number | null; signal: string | null }>;
}

export interface LaunchOptions {
  store: Store;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  sysIntervalMs?: number;
  /** Broker `limits` (config keys, e.g. { maxQueued: 1000 }), written to a throwaway config file. */
  limits?: Record<string, number>;
  /** Also listen for MQTT over WebSocket (ws://127.0.0.1:<free port>/mqtt). */
  websocket?: boolean;
  now?: () => number;
}

export async function launchBroker(options: LaunchOptions): Promise<BrokerUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mqttc-fuzz-'));
  const args = ['--port', '0', '--host', '127.0.0.1', '--log-level', options.logLevel ?? 'warn', '--sys-interval', String(options.sysIntervalMs ?? 1000)];
  args.push(...(options.store === 'memory' ? ['--memory'] : ['--data', dataDir]));
  if (options.limits !== undefined || options.websocket === true) {
    const file = join(dataDir, 'config.json');
    const config: Record<string, unknown> = {};
    if (options.limits !== undefined) config.limits = options.limits;
    // the first tcp listener gets --host/--port; the ws one a free port of its own
    if (options.websocket === true) config.listeners = [{ type: 'tcp', host: '127.0.0.1', port: 0 }, { type: 'ws', host: '127.0.0.1', port: 0, path: '/mqtt' }];
    writeFileSync(file, JSON.stringify(config));
    args.push('--config', file);
  }
  let spawned: SpawnedBroker;
  try {
    spawned = await spawnBroker(args);
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const problems: LogProblem[] = [];
  const tail: string[] = [];
  createInterface({ input: spawned.child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    const problem = classifyLogLine(line);
    if (problem !== null && problems.length < 1000) problems.push({ ...problem, at: (options.now ?? performance.now)() });
  });
  let stopping = false;
  let unexpectedExit: { code: number | null; signal: string | null } | null = null;
  const listeners: ((exit: { code: number | null; signal: string | null }) => void)[] = [];
  void spawned.exited.then((exit) => {
    if (stopping) return;
    unexpectedExit = exit;
    for (const l of listeners) l(exit);
  });
  return {
    url: spawned.urls.find((u) => u.startsWith('mqtt://'))!,
    wsUrl: spawned.urls.find((u) => u.startsWith('ws://')),
    pid: spawned.pid,
    problems,
    tail: () => [...tail],
    get unexpectedExit() { return unexpectedExit; },
    onExit: (l) => { listeners.push(l); },
    rssBytes: () => readRss(spawned.pid),
    stop: async () => {
      stopping = unexpectedExit === null;
      try {
        return unexpectedExit ?? await spawned.stop('SIGTERM', 15_000);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
