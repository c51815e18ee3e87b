// A broker that passes the publisher's RETAIN flag (or always 1) on to live subscribers.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { RETAIN, publishTopic, withFlags } from './packet-tools.ts';

export const setRetainFlag: Fault = {
  name: 'set-retain-flag',
  description: 'broker→client PUBLISH with RETAIN=0 (a live delivery) is delivered with RETAIN=1',
  rules: ['MQTT-3.3.1-9', 'MQTT-3.3.1-11'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || (frame.flags & RETAIN) !== 0) return undefined;
      ctx.applied(`set RETAIN on ${publishTopic(frame)}`);
      return withFlags(frame, frame.flags | RETAIN); // breaks [MQTT-3.3.1-9]
    },
  }),
};
