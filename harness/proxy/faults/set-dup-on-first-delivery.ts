// A broker that copies or invents DUP: first deliveries of QoS 1/2 messages arrive with DUP=1.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { DUP, publishQos, publishTopic, withFlags } from './packet-tools.ts';

export const setDupOnFirstDelivery: Fault = {
  name: 'set-dup-on-first-delivery',
  description: 'broker→client PUBLISH QoS 1/2 with DUP=0 (a first delivery) is sent with DUP=1',
  rules: ['MQTT-3.3.1-3', 'MQTT-4.3.2-1', 'MQTT-4.3.3-1'], // a QoS 2 first delivery must have DUP=0 too
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || publishQos(frame) === 0 || (frame.flags & DUP) !== 0) return undefined;
      ctx.applied(`set DUP on first delivery of ${publishTopic(frame)}`);
      return withFlags(frame, frame.flags | DUP); // breaks [MQTT-3.3.1-3]
    },
  }),
};
