// Well-formed bodies for each client→server packet type, so a scenario can send exactly one
// defect (fixed-header flags, packet identifier, QoS bits, string bytes) and nothing else.
import { packet, uint16, utf8Field, lengthPrefixed } from '../support/raw-fields.ts';
import { connectPacket } from '../connect/raw-bytes.ts';

export const PACKET_TYPES: Record<string, number> = {
  CONNECT: 1, PUBLISH: 3, PUBACK: 4, PUBREC: 5, PUBREL: 6, PUBCOMP: 7,
  SUBSCRIBE: 8, UNSUBSCRIBE: 10, PINGREQ: 12, DISCONNECT: 14,
};

export interface BodyContext {
  clientId: string;
  /** A topic/filter under the scenario's prefix. */
  topic: string;
  username?: string;
  password?: string;
}

/** The packet with the given 4-bit fixed-header flags and an otherwise valid body. */
export function packetWithFlags(type: string, flags: number, context: BodyContext): Buffer {
  const code = PACKET_TYPES[type];
  if (code === undefined) throw new Error(`unknown packet type ${type} (use one of ${Object.keys(PACKET_TYPES).join(', ')})`);
  const first = (code << 4) | (flags & 0x0f);
  switch (type) {
    case 'CONNECT': {
      const connect = connectPacket({
        protocolName: 'MQTT', protocolLevel: 4, keepalive: 60, clientId: Buffer.from(context.clientId),
        flags: 0x02 | (context.username === undefined ? 0 : 0x80) | (context.password === undefined ? 0 : 0x40),
        ...(context.username === undefined ? {} : { username: context.username }),
        ...(context.password === undefined ? {} : { password: context.password }),
      });
      connect[0] = first;
      return connect;
    }
    case 'PUBLISH':
      throw new Error('PUBLISH flags are DUP, QoS and RETAIN, not reserved bits: use the raw PUBLISH step');
    case 'PUBACK':
    case 'PUBREC':
    case 'PUBREL':
    case 'PUBCOMP':
      return packet(first, uint16(1));
    case 'SUBSCRIBE':
      return packet(first, Buffer.concat([uint16(1), utf8Field(context.topic), Buffer.from([0])]));
    case 'UNSUBSCRIBE':
      return packet(first, Buffer.concat([uint16(1), utf8Field(context.topic)]));
    default:
      return packet(first, Buffer.alloc(0));
  }
}

/** PUBLISH with the given QoS bits (3 allowed) and packet identifier (written when QoS bits ≠ 0). */
export function rawPublish(topic: Buffer, qosBits: number, packetId: number, payload: string): Buffer {
  const parts = [lengthPrefixed(topic)];
  if (qosBits !== 0) parts.push(uint16(packetId));
  parts.push(Buffer.from(payload));
  return packet(0x30 | ((qosBits & 3) << 1), Buffer.concat(parts));
}

export function rawSubscribe(filter: Buffer, packetId: number, qos = 0): Buffer {
  return packet(0x82, Buffer.concat([uint16(packetId), lengthPrefixed(filter), Buffer.from([qos])]));
}

export function rawUnsubscribe(filter: Buffer, packetId: number): Buffer {
  return packet(0xa2, Buffer.concat([uint16(packetId), lengthPrefixed(filter)]));
}
