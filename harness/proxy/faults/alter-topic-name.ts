// A broker that does not deliver the Topic Name the publisher used: it upper-cases it.
import type { IPublishPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const alterTopicName: Fault = {
  name: 'alter-topic-name',
  description: 'broker→client PUBLISH is delivered with its Topic Name upper-cased',
  rules: ['MQTT-3.3.2-3'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH) return undefined;
      const packet = ctx.parse(frame) as IPublishPacket | undefined;
      if (packet === undefined || packet.topic.toUpperCase() === packet.topic) return undefined;
      ctx.applied(`${packet.topic} → ${packet.topic.toUpperCase()}`);
      return { ...packet, topic: packet.topic.toUpperCase() }; // breaks [MQTT-3.3.2-3]
    },
  }),
};
