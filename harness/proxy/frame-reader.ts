// A cheap MQTT framer: splits a byte stream into whole control packets using only the fixed header
// (type/flags byte + Remaining Length varint), so bytes pass through the proxy untouched. When the
// Remaining Length is malformed (a fifth continuation byte), framing is impossible: the reader
// switches to raw mode and hands every later byte through as-is, so the broker sees exactly what
// the client sent and can reject it itself.

export interface Frame {
  /** The whole packet: fixed header and body, byte-exact as received. */
  readonly bytes: Buffer;
  /** Packet type, 1 (CONNECT) … 15 (AUTH). */
  readonly type: number;
  /** The low nibble of the first byte (DUP/QoS/RETAIN for PUBLISH). */
  readonly flags: number;
  /** Offset of the variable header inside `bytes`. */
  readonly headerLength: number;
}

export type ReadResult = { kind: 'frame'; frame: Frame } | { kind: 'raw'; bytes: Buffer };

export const PacketType = {
  CONNECT: 1,
  CONNACK: 2,
  PUBLISH: 3,
  PUBACK: 4,
  PUBREC: 5,
  PUBREL: 6,
  PUBCOMP: 7,
  SUBSCRIBE: 8,
  SUBACK: 9,
  UNSUBSCRIBE: 10,
  UNSUBACK: 11,
  PINGREQ: 12,
  PINGRESP: 13,
  DISCONNECT: 14,
  AUTH: 15,
} as const;

export function makeFrame(bytes: Buffer): Frame {
  const first = bytes[0] ?? 0;
  let i = 1;
  while (i < bytes.length && i <= 4 && ((bytes[i] ?? 0) & 0x80) !== 0) i++;
  return { bytes, type: first >> 4, flags: first & 0x0f, headerLength: i + 1 };
}

export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private raw = false;

  /** Appends bytes and returns every complete frame (or raw chunk) now available, in order. */
  push(chunk: Buffer): ReadResult[] {
    if (this.raw) return chunk.length > 0 ? [{ kind: 'raw', bytes: chunk }] : [];
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const out: ReadResult[] = [];
    for (;;) {
      const buf = this.buffered;
      if (buf.length < 2) break;
      let length = 0;
      let multiplier = 1;
      let i = 1;
      let complete = false;
      for (; i < buf.length && i <= 4; i++) {
        const byte = buf[i] ?? 0;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (i > 4) {
          // Malformed Remaining Length: give up framing, pass everything through raw.
          this.raw = true;
          this.buffered = Buffer.alloc(0);
          out.push({ kind: 'raw', bytes: buf });
        }
        break;
      }
      const total = i + 1 + length;
      if (buf.length < total) break;
      const bytes = buf.subarray(0, total);
      this.buffered = buf.subarray(total);
      const first = bytes[0] ?? 0;
      out.push({ kind: 'frame', frame: { bytes, type: first >> 4, flags: first & 0x0f, headerLength: i + 1 } });
    }
    return out;
  }

  /** True once the stream could not be framed and bytes pass through raw. */
  get isRaw(): boolean {
    return this.raw;
  }
}
