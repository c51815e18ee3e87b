// A broker that re-sends unacknowledged messages without marking them as duplicates.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { DUP, publishTopic, withFlags } from './packet-tools.ts';

export const clearDupOnRedelivery: Fault = {
  name: 'clear-dup-on-redelivery',
  description: 'broker→client PUBLISH with DUP=1 (a re-delivery) is sent with DUP=0',
  rules: ['MQTT-3.3.1.-1', 'MQTT-3.3.1-1'], // the spec table spells it MQTT-3.3.1.-1
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || (frame.flags & DUP) === 0) return undefined;
      ctx.applied(`cleared DUP on ${publishTopic(frame)}`);
      return withFlags(frame, frame.flags & ~DUP); // breaks [MQTT-3.3.1-1]
    },
  }),
};
