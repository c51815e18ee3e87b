// A broker that answers SUBSCRIBE with the wrong Packet Identifier (the lowest bit flipped).
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { ackPacketId } from './packet-tools.ts';

export const wrongSubackId: Fault = {
  name: 'wrong-suback-id',
  description: 'broker→client SUBACK carries a Packet Identifier other than its SUBSCRIBE\'s (lowest bit flipped)',
  rules: ['MQTT-3.8.4-2'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      const id = frame.type === PacketType.SUBACK ? ackPacketId(frame) : undefined;
      if (id === undefined) return undefined;
      const bytes = Buffer.from(frame.bytes);
      bytes.writeUInt16BE(id ^ 1, frame.headerLength); // breaks [MQTT-3.8.4-2]
      ctx.applied(`SUBACK id ${id} → ${id ^ 1}`);
      return bytes;
    },
  }),
};
