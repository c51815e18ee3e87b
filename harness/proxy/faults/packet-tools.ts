// Small byte-level helpers the faults share: read or flip a field without a full parse, so frames a
// fault only needs to peek at stay byte-exact.
import type { Frame } from '../frame-reader.ts';
import { PacketType } from '../frame-reader.ts';
import type { Fault, FaultContext, FaultHooks } from '../fault.ts';

export const RETAIN = 0x01;
export const DUP = 0x08;

export function publishQos(frame: Frame): number {
  return (frame.flags >> 1) & 0x03;
}

/** A copy of the frame's bytes with a new flags nibble. */
export function withFlags(frame: Frame, flags: number): Buffer {
  const bytes = Buffer.from(frame.bytes);
  bytes[0] = (frame.type << 4) | (flags & 0x0f);
  return bytes;
}

/** A copy of the frame's bytes with one byte replaced. */
export function withByte(frame: Frame, offset: number, value: number): Buffer {
  const bytes = Buffer.from(frame.bytes);
  bytes[offset] = value;
  return bytes;
}

/** Packet Identifier of an ack-shaped packet (PUBACK … UNSUBACK): the first two variable-header bytes. */
export function ackPacketId(frame: Frame): number | undefined {
  const at = frame.headerLength;
  return at + 2 <= frame.bytes.length ? frame.bytes.readUInt16BE(at) : undefined;
}

/** Offset of the CONNECT flags byte (after protocol name and level), or undefined if truncated. */
export function connectFlagsOffset(frame: Frame): number | undefined {
  const at = frame.headerLength;
  if (at + 2 > frame.bytes.length) return undefined;
  const offset = at + 2 + frame.bytes.readUInt16BE(at) + 1;
  return offset + 2 < frame.bytes.length ? offset : undefined;
}

/** Topic Name of a PUBLISH frame, read from its bytes. */
export function publishTopic(frame: Frame): string {
  const at = frame.headerLength;
  if (at + 2 > frame.bytes.length) return '';
  return frame.bytes.subarray(at + 2, at + 2 + frame.bytes.readUInt16BE(at)).toString('utf8');
}

/** MQTT topic matching (4.7), without the `$` rule, so faults can break that rule on purpose. */
export function filterMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Packet Identifiers the proxy invents, from the top of the range down (brokers count up from 1). */
export class ProxyPacketIds {
  private next = 65535;
  private readonly live = new Set<number>();

  take(): number {
    const id = this.next;
    this.next = this.next <= 60000 ? 65535 : this.next - 1;
    this.live.add(id);
    return id;
  }

  /** True (and forgets it) if `id` was one of ours. */
  release(id: number | undefined): boolean {
    return id !== undefined && this.live.delete(id);
  }
}

/** A fault that swallows every broker→client packet of one type. */
export function dropFromBroker(name: string, type: number, description: string, rules: readonly string[]): Fault {
  return {
    name,
    description,
    rules,
    attach(ctx: FaultContext): FaultHooks {
      return {
        onBrokerPacket(frame) {
          if (frame.type !== type) return undefined;
          ctx.applied(`dropped ${typeName(type)} ${ackPacketId(frame) ?? ''}`.trim());
          return 'drop';
        },
      };
    },
  };
}

export function typeName(type: number): string {
  const entry = Object.entries(PacketType).find(([, value]) => value === type);
  return entry === undefined ? `type ${type}` : entry[0];
}

/** A fault that flips the lowest bit of the Packet Identifier of every broker→client packet of one type. */
export function flipAckId(name: string, type: number, description: string, rules: readonly string[]): Fault {
  return {
    name,
    description,
    rules,
    attach(ctx: FaultContext): FaultHooks {
      return {
        onBrokerPacket(frame) {
          const id = frame.type === type ? ackPacketId(frame) : undefined;
          if (id === undefined) return undefined;
          const bytes = Buffer.from(frame.bytes);
          bytes.writeUInt16BE(id ^ 1, frame.headerLength);
          ctx.applied(`${typeName(type)} id ${id} → ${id ^ 1}`);
          return bytes;
        },
      };
    },
  };
}

/** Remaining Length as the MQTT variable byte integer. */
export function encodeRemainingLength(length: number): Buffer {
  const bytes: number[] = [];
  let n = length;
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return Buffer.from(bytes);
}

/** A packet from its first byte and body (the Remaining Length is computed). */
export function packetBytes(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), encodeRemainingLength(body.length), body]);
}
