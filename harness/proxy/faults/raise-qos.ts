// A broker that delivers above the publish QoS: QoS 0 messages arrive as QoS 1. The proxy invents
// the Packet Identifier and swallows the client's PUBACK for it, so the broker never sees one.
import type { IPublishPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { ProxyPacketIds, ackPacketId, publishQos } from './packet-tools.ts';

export const raiseQos: Fault = {
  name: 'raise-qos',
  description: 'broker→client PUBLISH QoS 0 is delivered as QoS 1 (proxy Packet Identifier; its PUBACK is swallowed)',
  rules: ['MQTT-3.8.4-6'],
  attach(ctx) {
    const ids = new ProxyPacketIds();
    return {
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.PUBLISH || publishQos(frame) !== 0) return undefined;
        const packet = ctx.parse(frame) as IPublishPacket | undefined;
        if (packet === undefined) return undefined;
        const messageId = ids.take();
        ctx.applied(`QoS 0 → 1 on ${packet.topic} (id ${messageId})`);
        return { ...packet, qos: 1, dup: false, messageId }; // breaks [MQTT-3.8.4-6]
      },
      onClientPacket(frame) {
        if (frame.type === PacketType.PUBACK && ids.release(ackPacketId(frame))) return 'drop';
        return undefined;
      },
    };
  },
};
