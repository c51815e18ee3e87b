// A broker that strips U+FEFF (ZERO WIDTH NO-BREAK SPACE) from the Topic Names it delivers.
import type { IPublishPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const stripBom: Fault = {
  name: 'strip-bom',
  description: 'broker→client PUBLISH Topic Names lose every U+FEFF',
  rules: ['MQTT-1.5.3-3'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || !frame.bytes.includes(Buffer.from([0xef, 0xbb, 0xbf]))) return undefined;
      const packet = ctx.parse(frame) as IPublishPacket | undefined;
      if (packet === undefined || !packet.topic.includes('\uFEFF')) return undefined;
      ctx.applied('stripped U+FEFF from a Topic Name');
      return { ...packet, topic: packet.topic.replaceAll('\uFEFF', '') }; // breaks [MQTT-1.5.3-3]
    },
  }),
};
