// Mutations of encoded packets. Each takes a packet's bytes and returns new bytes; `mutate` applies one
// to three of them. Mutations that change the body either keep the Remaining Length consistent (so the
// damage reaches the packet parser) or lie about it on purpose (so it reaches the framer).
import type { Rng } from './rng.ts';

export type MutationName =
  | 'bit-flip' | 'byte-set' | 'u16-lie' | 'length-lie' | 'truncate' | 'splice'
  | 'property-bytes' | 'duplicate-range' | 'type-swap' | 'insert-random';

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x3f, 0xc0];
const INTERESTING_U16 = [0x0000, 0x0001, 0x7fff, 0x8000, 0xffff, 0xfffe];
/** Remaining Length values at the edges of each varint width, plus the maximum. */
const INTERESTING_LENGTHS = [0, 1, 2, 127, 128, 16383, 16384, 2097151, 2097152, 268435455];

/** Fixed header length (type byte + Remaining Length bytes, at most 1 + 4) of `buf`, or buf.length. */
export function headerLength(buf: Buffer): number {
  let i = 1;
  while (i < buf.length && i < 5 && (buf[i]! & 0x80) !== 0) i++;
  return Math.min(i + 1, buf.length);
}

export function encodeVarint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0 && out.length < 4);
  return Buffer.from(out);
}

/** `buf` with its Remaining Length rewritten to `length` (the body is unchanged). */
export function withRemainingLength(buf: Buffer, length: number): Buffer {
  if (buf.length === 0) return buf;
  const body = buf.subarray(headerLength(buf));
  return Buffer.concat([buf.subarray(0, 1), encodeVarint(length), body]);
}

/** `buf` with a Remaining Length that matches its body again. */
export function withTrueLength(buf: Buffer): Buffer {
  if (buf.length === 0) return buf;
  return withRemainingLength(buf, buf.length - headerLength(buf));
}

function bodyStart(buf: Buffer): number {
  return headerLength(buf);
}

const MUTATIONS: Record<MutationName, (rng: Rng, buf: Buffer, other: Buffer) => Buffer> = {
  'bit-flip': (rng, buf) => {
    const out = Buffer.from(buf);
    const flips = rng.range(1, 4);
    for (let i = 0; i < flips && out.length > 0; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
    return out;
  },
  'byte-set': (rng, buf) => {
    if (buf.length === 0) return buf;
    const out = Buffer.from(buf);
    out[rng.int(out.length)] = rng.pick(INTERESTING);
    return out;
  },
  'u16-lie': (rng, buf) => {
    // string and binary lengths, packet ids and keepalive are 2-byte fields
    const start = bodyStart(buf);
    if (buf.length - start < 2) return buf;
    const out = Buffer.from(buf);
    out.writeUInt16BE(rng.pick(INTERESTING_U16), start + rng.int(buf.length - start - 1));
    return out;
  },
  'length-lie': (rng, buf) => {
    if (buf.length === 0) return buf;
    const body = buf.length - headerLength(buf);
    const choice = rng.int(4);
    if (choice === 0) return withRemainingLength(buf, Math.max(0, body - rng.range(1, 4)));
    if (choice === 1) return withRemainingLength(buf, body + rng.range(1, 64));
    if (choice === 2) return withRemainingLength(buf, rng.pick(INTERESTING_LENGTHS));
    // malformed varints: five bytes, or a non-minimal encoding
    const bad = rng.chance(0.5) ? Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f]) : Buffer.from([0x80 | (body & 0x7f), 0x80, 0x00]);
    return Buffer.concat([buf.subarray(0, 1), bad, buf.subarray(headerLength(buf))]);
  },
  truncate: (rng, buf) => buf.subarray(0, rng.int(Math.max(1, buf.length))),
  splice: (rng, buf, other) => {
    const head = buf.subarray(0, rng.int(buf.length + 1));
    const tail = other.subarray(rng.int(other.length + 1));
    const spliced = Buffer.concat([head, tail]);
    return rng.chance(0.5) ? withTrueLength(spliced) : spliced;
  },
  'property-bytes': (rng, buf) => {
    // v5 property area: a property-length varint and property ids (0x01..0x2a, plus unknown ones)
    const start = bodyStart(buf);
    const at = start + rng.int(Math.max(1, buf.length - start + 1));
    const ids = [0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x11, 0x12, 0x15, 0x16, 0x17, 0x19, 0x1f, 0x21, 0x22, 0x23, 0x24, 0x26, 0x27, 0x28, 0x2a, 0x00, 0x7f, 0xff];
    const n = rng.range(1, 4);
    const props: number[] = [];
    for (let i = 0; i < n; i++) {
      props.push(rng.pick(ids));
      const valueLen = rng.pick([0, 1, 2, 4, 5]);
      for (let j = 0; j < valueLen; j++) props.push(rng.pick(INTERESTING));
    }
    const declared = rng.chance(0.7) ? props.length : rng.pick(INTERESTING_LENGTHS);
    const inserted = Buffer.concat([encodeVarint(declared), Buffer.from(props)]);
    const out = Buffer.concat([buf.subarray(0, at), inserted, buf.subarray(at)]);
    return rng.chance(0.8) ? withTrueLength(out) : out;
  },
  'duplicate-range': (rng, buf) => {
    if (buf.length === 0) return buf;
    const from = rng.int(buf.length);
    const to = Math.min(buf.length, from + rng.range(1, 16));
    const at = rng.int(buf.length + 1);
    const out = Buffer.concat([buf.subarray(0, at), buf.subarray(from, to), buf.subarray(at)]);
    return rng.chance(0.7) ? withTrueLength(out) : out;
  },
  'type-swap': (rng, buf) => {
    if (buf.length === 0) return buf;
    const out = Buffer.from(buf);
    out[0] = rng.chance(0.5) ? (rng.int(16) << 4) | (out[0]! & 0x0f) : (out[0]! & 0xf0) | rng.int(16);
    return out;
  },
  'insert-random': (rng, buf) => {
    const at = rng.int(buf.length + 1);
    const out = Buffer.concat([buf.subarray(0, at), rng.bytes(rng.range(1, 32)), buf.subarray(at)]);
    return rng.chance(0.6) ? withTrueLength(out) : out;
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];

export function applyMutation(name: MutationName, rng: Rng, buf: Buffer, other: Buffer): Buffer {
  return MUTATIONS[name](rng, buf, other);
}

/** One to three mutations; `other` is splice material (another packet's bytes). */
export function mutate(rng: Rng, buf: Buffer, other: Buffer): { bytes: Buffer; applied: MutationName[] } {
  let bytes = buf;
  const applied: MutationName[] = [];
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) {
    const name = rng.pick(MUTATION_NAMES);
    bytes = applyMutation(name, rng, bytes, other);
    applied.push(name);
  }
  return { bytes, applied };
}
