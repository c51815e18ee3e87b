// A broker that sets DUP on QoS 0 deliveries.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { DUP, publishQos, publishTopic, withFlags } from './packet-tools.ts';

export const setDupOnQos0: Fault = {
  name: 'set-dup-on-qos0',
  description: 'broker→client PUBLISH QoS 0 is sent with DUP=1',
  rules: ['MQTT-3.3.1-2', 'MQTT-4.3.1-1'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || publishQos(frame) !== 0 || (frame.flags & DUP) !== 0) return undefined;
      ctx.applied(`set DUP on QoS 0 ${publishTopic(frame)}`);
      return withFlags(frame, frame.flags | DUP); // breaks [MQTT-3.3.1-2]
    },
  }),
};
