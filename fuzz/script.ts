// One fuzz connection's input: the byte chunks written, in order, on one TCP connection, and how long
// the client lingers after the last write. Built from its own derived Rng, so (seed, index) rebuilds it.
import { MALFORMED_VECTORS } from '../broker/test/vectors/malformed-3.1.1.ts';
import { WELLFORMED } from '../broker/test/vectors/wellformed-3.1.1.ts';
import { encodeVarint, mutate } from './mutate.ts';
import { connectPacket, encode, sessionPacket } from './packets.ts';
import type { ProtocolLevel } from './packets.ts';
import type { Rng } from './rng.ts';

export type ScriptKind = 'session-v4' | 'long-session' | 'huge-announce' | 'mutated-connect' | 'connect-v5' | 'random-bytes' | 'vectors';

export interface ConnectionScript {
  /** Index of the connection in the run (its Rng is `rng.derive(index)`). */
  index: number;
  kind: ScriptKind;
  /** Bytes written in order, one write each. */
  chunks: Buffer[];
  /** Packets (valid, mutated or random units) the chunks hold. */
  packets: number;
  /** Client lingers this long after the last write (unless the broker closes first). */
  lingerMs: number;
  /** Played over TCP (default) or as WebSocket binary frames, one frame per chunk. */
  transport?: 'tcp' | 'ws';
}

const VECTOR_BYTES: Buffer[] = [
  ...MALFORMED_VECTORS.map((v) => v.bytes),
  ...Object.values(WELLFORMED).map((v) => v.bytes),
];

function level(rng: Rng): ProtocolLevel {
  return rng.chance(0.5) ? 4 : 5;
}

/** One unit after a CONNECT: a valid packet (v4 or v5), a mutated one, or random bytes. */
function unit(rng: Rng): Buffer {
  const roll = rng.next();
  const a = encode(sessionPacket(rng, level(rng)), level(rng));
  if (roll < 0.5) return a;
  if (roll < 0.93) return mutate(rng, a, encode(sessionPacket(rng, level(rng)), 5)).bytes;
  return rng.bytes(rng.range(1, 64));
}

/** Cut the concatenation of `units` at random points (exercises reassembly across reads). */
function rechunk(rng: Rng, units: Buffer[]): Buffer[] {
  if (rng.chance(0.5)) return units.filter((u) => u.length > 0);
  const all = Buffer.concat(units);
  const chunks: Buffer[] = [];
  let pos = 0;
  while (pos < all.length) {
    const size = rng.chance(0.3) ? rng.range(1, 3) : rng.range(1, 256);
    chunks.push(all.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}

export interface ScriptOptions {
  /** Most bytes (KB) a huge-announce script trickles after its header (default 64). */
  trickleKb?: number;
}

/** Every fourth connection goes over WebSocket when the target has a ws:// URL. */
export function transportFor(index: number, hasWs: boolean): 'tcp' | 'ws' {
  return hasWs && index % 4 === 3 ? 'ws' : 'tcp';
}

export function buildScript(rng: Rng, index: number, options: ScriptOptions = {}): ConnectionScript {
  const roll = rng.next();
  const kind: ScriptKind =
    roll < 0.4 ? 'session-v4' : roll < 0.52 ? 'long-session' : roll < 0.56 ? 'huge-announce' : roll < 0.74 ? 'mutated-connect'
      : roll < 0.82 ? 'connect-v5' : roll < 0.91 ? 'vectors' : 'random-bytes';
  const units: Buffer[] = [];
  switch (kind) {
    case 'session-v4': {
      units.push(encode(connectPacket(rng, 4), 4));
      const n = rng.range(1, 10);
      for (let i = 0; i < n; i++) units.push(unit(rng));
      break;
    }
    case 'long-session': {
      // deep state: many valid 3.1.1 packets (QoS 2 flows, takeovers, retained, wills), then maybe one bad one
      units.push(encode(connectPacket(rng, 4), 4));
      const n = rng.range(10, 40);
      for (let i = 0; i < n; i++) units.push(encode(sessionPacket(rng, 4), 4));
      if (rng.chance(0.5)) units.push(unit(rng));
      break;
    }
    case 'huge-announce': {
      // a packet announced far larger than what follows (up to 268,435,455 bytes), trickled in part
      units.push(encode(connectPacket(rng, 4), 4));
      const announced = rng.pick([70_000, 1_000_000, 16_000_000, 268_435_455]);
      units.push(Buffer.concat([Buffer.from([rng.pick([0x30, 0x32, 0x82, 0x10])]), encodeVarint(announced)]));
      const n = rng.range(1, Math.max(1, Math.floor((options.trickleKb ?? 64) / 4)));
      const block = rng.bytes(4096);
      // written as 4 KB blocks, not re-cut, and counted as one packet
      const chunks = [...units, ...Array.from({ length: n }, () => block)];
      return { index, kind, chunks, packets: 2, lingerMs: rng.pick([0, 20, 50, 100, 200, 400]) };
    }
    case 'mutated-connect': {
      const l = level(rng);
      units.push(mutate(rng, encode(connectPacket(rng, l), l), encode(connectPacket(rng, level(rng)), 4)).bytes);
      const n = rng.range(0, 4);
      for (let i = 0; i < n; i++) units.push(unit(rng));
      break;
    }
    case 'connect-v5': {
      units.push(encode(connectPacket(rng, 5), 5));
      const n = rng.range(0, 4);
      for (let i = 0; i < n; i++) units.push(encode(sessionPacket(rng, 5), 5));
      break;
    }
    case 'vectors': {
      if (rng.chance(0.7)) units.push(encode(connectPacket(rng, 4), 4));
      const n = rng.range(1, 4);
      for (let i = 0; i < n; i++) {
        const v = rng.pick(VECTOR_BYTES);
        units.push(rng.chance(0.5) ? v : mutate(rng, v, rng.pick(VECTOR_BYTES)).bytes);
      }
      break;
    }
    case 'random-bytes': {
      const n = rng.range(1, 4);
      for (let i = 0; i < n; i++) units.push(rng.bytes(rng.range(1, 300)));
      break;
    }
  }
  return { index, kind, chunks: rechunk(rng, units), packets: units.length, lingerMs: rng.pick([0, 20, 50, 100, 200, 400]) };
}

// ---- failure files keep scripts as hex ----
export interface ScriptRecord {
  index: number;
  kind: ScriptKind;
  chunks: string[];
  packets: number;
  lingerMs: number;
  transport?: 'tcp' | 'ws';
}

export function toRecord(s: ConnectionScript): ScriptRecord {
  return { index: s.index, kind: s.kind, chunks: s.chunks.map((c) => c.toString('hex')), packets: s.packets, lingerMs: s.lingerMs, ...(s.transport === 'ws' ? { transport: 'ws' as const } : {}) };
}

export function fromRecord(r: ScriptRecord): ConnectionScript {
  return { index: r.index, kind: r.kind, chunks: r.chunks.map((c) => Buffer.from(c, 'hex')), packets: r.packets, lingerMs: r.lingerMs, ...(r.transport === 'ws' ? { transport: 'ws' as const } : {}) };
}
