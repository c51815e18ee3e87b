// Failing inputs as files under fuzz/corpus/failures/, one JSON file each, for three targets:
// - broker: the connection scripts started around the failure (hex chunks), the check and the broker's
//   last stderr lines; replayed against a freshly launched broker;
// - parser: one byte stream (hex chunks) with its framer limit; replayed through the framer and parser;
// - probe: the garbage a fake broker sent and which harness client met it; replayed against the probe.
// A file with a `todo` reason is a known, unfixed bug: the replay test marks it todo instead of failing.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GarbageBehaviour, GarbagePlan } from './garbage-broker.ts';
import type { ParserInput } from './parser-check.ts';
import type { ProbeCase } from './probe-fuzz.ts';
import { fromRecord, toRecord } from './script.ts';
import type { ConnectionScript, ScriptRecord } from './script.ts';

export const FAILURES_DIR = fileURLToPath(new URL('./corpus/failures/', import.meta.url));

interface Common {
  check: string;
  detail: string;
  seed: number;
  /** ISO time the failure was found. */
  found: string;
  /** Set by hand when the bug is known and not fixed yet: one line saying what and where. */
  todo?: string;
}

export interface BrokerFailure extends Common {
  target: 'broker';
  store: 'sqlite' | 'memory';
  /** Inputs replayed in order, one connection each (the ones started around the failure). */
  inputs: ScriptRecord[];
  brokerTail: string[];
  /** The witness load the failure was found under (default 50 msg/s, 10 unacknowledged). */
  witnessRate?: number;
  witnessWindow?: number;
  /** Keep the witnesses running at least this long during the replay (load failures need time). */
  minSeconds?: number;
  /** The memory bound the failure was found under (MB): the replay checks it too. */
  maxRssMb?: number;
  /** Broker limits to launch the replay's broker with (config keys), e.g. a small maxQueued. */
  limits?: Record<string, number>;
  /** Re-run the random campaign of `seed` with these settings during the replay (load failures need load). */
  campaign?: { seconds: number; connectionsPerSecond: number; packetsPerSecond: number; concurrency: number; trickleKb?: number };
}

export interface ParserFailure extends Common {
  target: 'parser';
  index: number;
  maxPacketSize: number;
  probeLevel: 3 | 4 | 5;
  chunks: string[];
}

export interface ProbeFailure extends Common {
  target: 'probe';
  index: number;
  level: 3 | 4 | 5;
  reach: boolean;
  behaviour: GarbageBehaviour;
  writes: string[];
  after: GarbagePlan['after'];
  gapMs: number;
}

export type FailureFile = BrokerFailure | ParserFailure | ProbeFailure;

export class CorpusFileError extends Error {
  override readonly name = 'CorpusFileError';
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason} (delete the file or fix it by hand)`);
  }
}

function write(dir: string, stem: string, record: FailureFile): string {
  mkdirSync(dir, { recursive: true });
  let name = `${stem}.json`;
  for (let n = 2; existsSync(join(dir, name)); n++) name = `${stem}-${n}.json`;
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

export function saveBrokerFailure(f: Omit<BrokerFailure, 'inputs' | 'target'> & { inputs: ConnectionScript[] }, dir = FAILURES_DIR): string {
  return write(dir, `broker-${f.check}-seed${f.seed}-${f.inputs[0]?.index ?? 0}`, { ...f, target: 'broker', inputs: f.inputs.map(toRecord) });
}

export function saveParserFailure(f: Common & { index: number; input: ParserInput }, dir = FAILURES_DIR): string {
  const { input, ...rest } = f;
  return write(dir, `parser-${f.check}-seed${f.seed}-${f.index}`, { ...rest, target: 'parser', maxPacketSize: input.maxPacketSize, probeLevel: input.probeLevel, chunks: input.chunks.map((c) => c.toString('hex')) });
}

export function saveProbeFailure(f: Common & { index: number; case: ProbeCase }, dir = FAILURES_DIR): string {
  const { case: c, ...rest } = f;
  return write(dir, `probe-${f.check}-seed${f.seed}-${f.index}`, { ...rest, target: 'probe', level: c.level, reach: c.reach, behaviour: c.plan.behaviour, writes: c.plan.writes.map((w) => w.toString('hex')), after: c.plan.after, gapMs: c.plan.gapMs });
}

export function loadFailure(file: string): FailureFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CorpusFileError(file, `not JSON: ${(e as Error).message}`);
  }
  const f = json as Partial<FailureFile>;
  if (typeof f.check !== 'string' || typeof f.seed !== 'number') throw new CorpusFileError(file, 'expected { target, check, seed, … }');
  const ok = (f.target === 'broker' && Array.isArray(f.inputs)) || (f.target === 'parser' && Array.isArray(f.chunks)) || (f.target === 'probe' && Array.isArray(f.writes));
  if (!ok) throw new CorpusFileError(file, 'target must be broker (with inputs), parser (with chunks) or probe (with writes)');
  return f as FailureFile;
}

export function brokerScripts(f: BrokerFailure): ConnectionScript[] {
  return f.inputs.map(fromRecord);
}

export function parserInput(f: ParserFailure): ParserInput {
  return { maxPacketSize: f.maxPacketSize, probeLevel: f.probeLevel, chunks: f.chunks.map((c) => Buffer.from(c, 'hex')) };
}

export function probeCase(f: ProbeFailure): ProbeCase {
  return { level: f.level, reach: f.reach, plan: { behaviour: f.behaviour, writes: f.writes.map((w) => Buffer.from(w, 'hex')), after: f.after, gapMs: f.gapMs } };
}

export function listFailures(dir = FAILURES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, n));
}
