// The load generator's wire layer: packets encoded once with mqtt-packet, and a framer that reads
// only the fixed header (and, for PUBLISH, the few bytes it needs) — never a full parse.
import mqttPacket from 'mqtt-packet';

const opts = { protocolVersion: 4 } as const;

export function encodeConnect(clientId: string, clean: boolean): Buffer {
  return mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean, clientId, keepalive: 0 }, opts);
}

export function encodeSubscribe(topic: string, qos: 0 | 1, messageId = 1): Buffer {
  return mqttPacket.generate({ cmd: 'subscribe', messageId, subscriptions: [{ topic, qos }] }, opts);
}

export const DISCONNECT = mqttPacket.generate({ cmd: 'disconnect' }, opts);

export function puback(packetId: number): Buffer {
  return Buffer.from([0x40, 0x02, packetId >> 8, packetId & 0xff]);
}

/** Offsets of the fields a stream of pre-encoded PUBLISH packets patches per message. */
export interface PublishStream {
  /** Every packet of the stream, concatenated; slice [i*size, (i+1)*size) is message i. */
  bytes: Buffer;
  size: number;
}

/**
 * `count` PUBLISH packets to `topic`, each with a 16-byte payload whose first 4 bytes are the message's
 * sequence number (the receiver reads it back to compute latency). QoS 1 packets get packet id (i % 65535) + 1.
 */
export function encodePublishStream(topic: string, qos: 0 | 1, count: number): PublishStream {
  const template = mqttPacket.generate(
    { cmd: 'publish', topic, payload: Buffer.alloc(16), qos, retain: false, dup: false, ...(qos > 0 ? { messageId: 1 } : {}) },
    opts,
  );
  const size = template.length;
  const payloadOffset = size - 16;
  const bytes = Buffer.allocUnsafe(size * count);
  for (let i = 0; i < count; i++) {
    const at = i * size;
    template.copy(bytes, at);
    bytes.writeUInt32BE(i, at + payloadOffset);
    if (qos > 0) bytes.writeUInt16BE((i % 65535) + 1, at + payloadOffset - 2);
  }
  return { bytes, size };
}

export interface FrameHandlers {
  /** PUBLISH: its QoS, packet id (0 for QoS 0), and the sequence number in the first 4 payload bytes. */
  publish?(qos: number, packetId: number, seq: number): void;
  /** Any other packet type (2 CONNACK, 4 PUBACK, 9 SUBACK, …), with its first variable-header bytes. */
  other?(type: number, body: Buffer, offset: number): void;
}

/** Splits a byte stream into MQTT packets, reading only what the bench needs from each. */
export class Framer {
  private rest: Buffer | null = null;
  constructor(private readonly handlers: FrameHandlers) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.rest !== null) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    let pos = 0;
    const end = buf.length;
    while (pos < end) {
      const first = buf[pos]!;
      // Remaining length: 1 to 4 bytes, 7 bits each.
      let len = 0;
      let mul = 1;
      let i = pos + 1;
      let complete = false;
      while (i < end && i < pos + 5) {
        const b = buf[i++]!;
        len += (b & 0x7f) * mul;
        mul *= 128;
        if ((b & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || i + len > end) break;
      const type = first >> 4;
      if (type === 3) {
        const qos = (first >> 1) & 3;
        const topicLen = buf.readUInt16BE(i);
        let p = i + 2 + topicLen;
        let packetId = 0;
        if (qos > 0) {
          packetId = buf.readUInt16BE(p);
          p += 2;
        }
        const seq = p + 4 <= i + len ? buf.readUInt32BE(p) : -1;
        this.handlers.publish?.(qos, packetId, seq);
      } else {
        this.handlers.other?.(type, buf, i);
      }
      pos = i + len;
    }
    if (pos < end) this.rest = buf.subarray(pos);
  }
}
