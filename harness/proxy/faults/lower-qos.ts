// A broker that downgrades deliveries: QoS 1/2 messages arrive as QoS 0. The proxy completes the
// broker's handshake itself (PUBACK, or PUBREC then PUBCOMP for the PUBREL).
import type { IPublishPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { ackPacketId, publishQos } from './packet-tools.ts';

export const lowerQos: Fault = {
  name: 'lower-qos',
  description: 'broker→client PUBLISH QoS 1/2 is delivered as QoS 0; the proxy acknowledges upstream itself',
  rules: ['MQTT-3.8.4-6', 'MQTT-3.3.5-1'],
  attach(ctx) {
    const awaitingRelease = new Set<number>();
    return {
      onBrokerPacket(frame) {
        if (frame.type === PacketType.PUBREL) {
          const id = ackPacketId(frame);
          if (id === undefined || !awaitingRelease.delete(id)) return undefined;
          ctx.sendToBroker({ cmd: 'pubcomp', messageId: id });
          return 'drop';
        }
        if (frame.type !== PacketType.PUBLISH) return undefined;
        const qos = publishQos(frame);
        if (qos === 0) return undefined;
        const packet = ctx.parse(frame) as IPublishPacket | undefined;
        if (packet?.messageId === undefined) return undefined;
        const id = packet.messageId;
        if (qos === 1) ctx.sendToBroker({ cmd: 'puback', messageId: id });
        else {
          awaitingRelease.add(id);
          ctx.sendToBroker({ cmd: 'pubrec', messageId: id });
        }
        ctx.applied(`QoS ${qos} → 0 on ${packet.topic}`);
        const { messageId: _dropped, ...rest } = packet;
        return { ...rest, qos: 0, dup: false }; // breaks [MQTT-3.8.4-6]
      },
    };
  },
};
