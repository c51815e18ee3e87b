// The framer and the parser alone, on one byte stream, as the broker and the probe use them:
// - framer (broker/protocol/framer.ts): may only throw MalformedPacketError or PacketTooLargeError; every
//   frame is exactly its fixed header plus the Remaining Length it announces and within maxPacketSize;
//   bytes are conserved (framed + still buffered = pushed), so it never holds more than it was given;
// - broker-style parsing: one mqtt-packet parser per connection, one frame per parse() call, stopping at
//   the first error; the probe-style: a parser fed the raw chunks. mqtt-packet reports bad input with an
//   'error' event: a thrown exception is a finding, and so is a parsed payload larger than its frame.
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { MalformedPacketError, PacketTooLargeError } from '../broker/core/errors.ts';
import { Framer } from '../broker/protocol/framer.ts';
import { mutate } from './mutate.ts';
import { connectPacket, encode, sessionPacket } from './packets.ts';
import type { ProtocolLevel } from './packets.ts';
import type { Rng } from './rng.ts';

export interface ParserInput {
  /** Framer limit for this stream. */
  maxPacketSize: number;
  /** Level the probe-style parser is configured with (3, 4 or 5). */
  probeLevel: 3 | 4 | 5;
  chunks: Buffer[];
}

export interface ParserFinding {
  check: 'framer-unexpected-error' | 'framer-bad-frame' | 'framer-conservation' | 'parser-threw' | 'parser-oversized' | 'parser-hang';
  detail: string;
}

const LIMITS = [16, 128, 1024, 65536, 268435455];

export function buildParserInput(rng: Rng): ParserInput {
  const units: Buffer[] = [];
  const level = (): ProtocolLevel => (rng.chance(0.5) ? 4 : 5);
  if (rng.chance(0.7)) { const l = level(); units.push(encode(connectPacket(rng, l), l)); }
  const n = rng.range(1, 12);
  for (let i = 0; i < n; i++) {
    const roll = rng.next();
    const l = level();
    const valid = encode(rng.chance(0.1) ? connectPacket(rng, l) : sessionPacket(rng, l), l);
    if (roll < 0.3) units.push(valid);
    else if (roll < 0.9) units.push(mutate(rng, valid, encode(sessionPacket(rng, 5), 5)).bytes);
    else units.push(rng.bytes(rng.range(1, 200)));
  }
  const all = Buffer.concat(units);
  const chunks: Buffer[] = [];
  for (let pos = 0; pos < all.length;) {
    const size = rng.chance(0.3) ? rng.range(1, 4) : rng.range(1, 512);
    chunks.push(all.subarray(pos, pos + size));
    pos += size;
  }
  return { maxPacketSize: rng.pick(LIMITS), probeLevel: rng.pick([3, 4, 5] as const), chunks };
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Total length a frame announces in its fixed header (null when the header is incomplete or too long). */
function announcedTotal(frame: Buffer): number | null {
  let value = 0;
  let mul = 1;
  for (let i = 1; i <= 4 && i < frame.length; i++) {
    value += (frame[i]! & 0x7f) * mul;
    if ((frame[i]! & 0x80) === 0) return 1 + i + value;
    mul *= 128;
  }
  return null;
}

function payloadSize(p: Packet): number {
  return p.cmd === 'publish' ? Buffer.byteLength(p.payload) : 0;
}

function checkFramerAndBrokerParser(input: ParserInput): ParserFinding | null {
  const framer = new Framer(input.maxPacketSize);
  const buffered = (): number => (framer as unknown as { buffered: number }).buffered;
  const parser = mqttPacket.parser();
  let parsed: Packet | null = null;
  let parseError: Error | null = null;
  parser.on('packet', (p: Packet) => { parsed = p; });
  parser.on('error', (e: Error) => { parseError = e; });
  let pushed = 0;
  let framed = 0;
  let finding: ParserFinding | null = null;
  let stop = false;
  for (const chunk of input.chunks) {
    pushed += chunk.length;
    try {
      framer.push(chunk, (frame) => {
        framed += frame.length;
        const total = announcedTotal(frame);
        if (total !== frame.length || frame.length > input.maxPacketSize) {
          finding = { check: 'framer-bad-frame', detail: `frame of ${frame.length} bytes announces ${total} (maxPacketSize ${input.maxPacketSize}): ${frame.subarray(0, 8).toString('hex')}…` };
          return false;
        }
        parsed = null;
        parseError = null;
        try {
          parser.parse(frame);
        } catch (e) {
          finding = { check: 'parser-threw', detail: `parse(frame) threw ${describe(e)} on frame ${frame.toString('hex').slice(0, 400)}` };
          return false;
        }
        const p = parsed as Packet | null;
        if (p !== null && payloadSize(p) > frame.length) {
          finding = { check: 'parser-oversized', detail: `a ${frame.length}-byte frame parsed to a ${payloadSize(p)}-byte payload` };
          return false;
        }
        if (parseError !== null || p === null) { stop = true; return false; } // the broker closes here
        return true;
      });
    } catch (e) {
      if (e instanceof MalformedPacketError || e instanceof PacketTooLargeError) return null; // the broker closes here
      return { check: 'framer-unexpected-error', detail: `Framer.push threw ${describe(e)}` };
    }
    if (finding !== null) return finding;
    if (stop) return null;
    if (framed + buffered() !== pushed) {
      return { check: 'framer-conservation', detail: `pushed ${pushed} bytes, framed ${framed}, framer holds ${buffered()}` };
    }
  }
  return null;
}

function checkProbeParser(input: ParserInput): ParserFinding | null {
  const parser = mqttPacket.parser({ protocolVersion: input.probeLevel });
  const total = input.chunks.reduce((n, c) => n + c.length, 0);
  let oversized: ParserFinding | null = null;
  parser.on('packet', (p: Packet) => {
    if (payloadSize(p) > total) oversized = { check: 'parser-oversized', detail: `${total} bytes in all parsed to a ${payloadSize(p)}-byte payload` };
  });
  parser.on('error', () => undefined);
  for (const chunk of input.chunks) {
    try {
      parser.parse(chunk);
    } catch (e) {
      return { check: 'parser-threw', detail: `parse(chunk) at level ${input.probeLevel} threw ${describe(e)}` };
    }
  }
  return oversized;
}

/** Null when the framer and both parser uses behave on this stream. */
export function checkParserInput(input: ParserInput): ParserFinding | null {
  return checkFramerAndBrokerParser(input) ?? checkProbeParser(input);
}
