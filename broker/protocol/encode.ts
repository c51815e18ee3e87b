// Hand-written encoders for the packets on the hot path (PUBLISH and the two-byte acknowledgements)
// of MQTT 3.1 / 3.1.1. They produce exactly what mqtt-packet's generate() does (tested both ways in
// broker/test/core-encode.test.ts) without building an intermediate object per packet. Everything
// else is encoded with mqtt-packet.
import type { QoS } from '../model/messages.ts';

function varIntLength(n: number): number {
  return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4;
}

function writeVarInt(buf: Buffer, pos: number, n: number): number {
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    buf[pos++] = b;
  } while (n > 0);
  return pos;
}

/**
 * A PUBLISH encoded once and reused for every recipient of one variant (QoS, RETAIN): QoS 0 bytes
 * are shared as is; QoS 1/2 bytes are copied and the packet id (and DUP) patched per recipient.
 */
export class PublishTemplate {
  readonly bytes: Buffer;
  private readonly idOffset: number;

  constructor(topic: string, payload: Buffer, qos: QoS, retain: boolean) {
    const topicLen = Buffer.byteLength(topic);
    const remaining = 2 + topicLen + (qos > 0 ? 2 : 0) + payload.length;
    const total = 1 + varIntLength(remaining) + remaining;
    const buf = Buffer.allocUnsafe(total);
    buf[0] = 0x30 | (qos << 1) | (retain ? 1 : 0);
    let pos = writeVarInt(buf, 1, remaining);
    buf.writeUInt16BE(topicLen, pos);
    pos += 2;
    pos += buf.write(topic, pos, 'utf8');
    this.idOffset = pos;
    if (qos > 0) {
      // QoS 0 carries no packet id [MQTT-2.3.1-5] and never DUP [MQTT-3.3.1-2] [MQTT-4.3.1-1]
      buf.writeUInt16BE(0, pos);
      pos += 2;
    }
    payload.copy(buf, pos);
    this.bytes = buf;
  }

  /** Bytes of this PUBLISH with `packetId` (QoS > 0) and the DUP flag [MQTT-3.3.1.-1]. */
  withPacketId(packetId: number, dup: boolean): Buffer {
    const out = Buffer.allocUnsafe(this.bytes.length);
    this.bytes.copy(out);
    if (dup) out[0] = out[0]! | 0x08;
    out.writeUInt16BE(packetId, this.idOffset);
    return out;
  }
}

export function encodePublish(
  topic: string,
  payload: Buffer,
  qos: QoS,
  retain: boolean,
  packetId: number,
  dup: boolean,
): Buffer {
  const t = new PublishTemplate(topic, payload, qos, retain);
  return qos === 0 ? t.bytes : t.withPacketId(packetId, dup);
}

/** PUBACK 0x40, PUBREC 0x50, PUBREL 0x62, PUBCOMP 0x70, UNSUBACK 0xB0: type byte, length 2, packet id. */
export function encodeAck(typeByte: number, packetId: number): Buffer {
  const buf = Buffer.allocUnsafe(4);
  buf[0] = typeByte;
  buf[1] = 2;
  buf[2] = packetId >> 8;
  buf[3] = packetId & 0xff;
  return buf;
}

export const PUBACK = 0x40;
export const PUBREC = 0x50;
export const PUBREL = 0x62; // reserved flags 0010 [MQTT-3.6.1-1]
export const PUBCOMP = 0x70;
export const UNSUBACK = 0xb0;

export const PINGRESP_BYTES: Buffer = Buffer.from([0xd0, 0x00]);

export function encodeConnack(returnCode: number, sessionPresent: boolean): Buffer {
  // a non-zero return code always goes with Session Present 0 [MQTT-3.2.2-4]
  return Buffer.from([0x20, 0x02, returnCode === 0 && sessionPresent ? 1 : 0, returnCode]);
}

export function encodeSuback(packetId: number, codes: readonly number[]): Buffer {
  const remaining = 2 + codes.length;
  const buf = Buffer.allocUnsafe(1 + varIntLength(remaining) + remaining);
  buf[0] = 0x90;
  let pos = writeVarInt(buf, 1, remaining);
  buf.writeUInt16BE(packetId, pos);
  pos += 2;
  for (const c of codes) buf[pos++] = c;
  return buf;
}
