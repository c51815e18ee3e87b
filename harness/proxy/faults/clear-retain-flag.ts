// A broker that forgets to mark retained messages sent on subscribe.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { RETAIN, publishTopic, withFlags } from './packet-tools.ts';

export const clearRetainFlag: Fault = {
  name: 'clear-retain-flag',
  description: 'broker→client PUBLISH with RETAIN=1 is delivered with RETAIN=0',
  rules: ['MQTT-3.3.1-8'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || (frame.flags & RETAIN) === 0) return undefined;
      ctx.applied(`cleared RETAIN on ${publishTopic(frame)}`);
      return withFlags(frame, frame.flags & ~RETAIN); // breaks [MQTT-3.3.1-8]
    },
  }),
};
