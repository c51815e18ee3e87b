// A broker that gives every unacknowledged QoS > 0 delivery the same Packet Identifier: broker→client
// QoS 1/2 PUBLISH packets in flight all carry the id of the oldest one; the client's acks for it are
// mapped back to the broker's ids in order.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { ackPacketId, publishQos, publishTopic } from './packet-tools.ts';

function packetIdOffset(bytes: Buffer, headerLength: number): number {
  return headerLength + 2 + bytes.readUInt16BE(headerLength);
}

export const reuseDeliveryPacketId: Fault = {
  name: 'reuse-delivery-packet-id',
  description: 'broker→client QoS 1/2 PUBLISH packets sent while another is unacknowledged reuse its Packet Identifier (acks mapped back in order)',
  rules: ['MQTT-2.3.1-4'],
  attach(ctx) {
    let shared: number | undefined;
    const brokerIds: number[] = [];
    return {
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.PUBLISH || publishQos(frame) === 0 || (frame.flags & 0x08) !== 0) return undefined;
        const at = packetIdOffset(frame.bytes, frame.headerLength);
        const id = frame.bytes.readUInt16BE(at);
        brokerIds.push(id);
        if (shared === undefined) {
          shared = id;
          return undefined;
        }
        const bytes = Buffer.from(frame.bytes);
        bytes.writeUInt16BE(shared, at);
        ctx.applied(`PUBLISH ${publishTopic(frame)} id ${id} → ${shared} (already in flight)`); // breaks [MQTT-2.3.1-4]
        return bytes;
      },
      onClientPacket(frame) {
        if (frame.type !== PacketType.PUBACK && frame.type !== PacketType.PUBREC) return undefined;
        const id = ackPacketId(frame);
        if (id === undefined || id !== shared || brokerIds.length === 0) return undefined;
        const original = brokerIds.shift() as number;
        if (brokerIds.length === 0) shared = undefined;
        if (original === id) return undefined;
        const bytes = Buffer.from(frame.bytes);
        bytes.writeUInt16BE(original, frame.headerLength);
        return bytes;
      },
    };
  },
};
