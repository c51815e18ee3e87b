// A broker that retains every message: client→broker PUBLISH with RETAIN=0 is sent with RETAIN=1.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { RETAIN, publishTopic, withFlags } from './packet-tools.ts';

export const storeNonRetained: Fault = {
  name: 'store-non-retained',
  description: 'client→broker PUBLISH with RETAIN=0 is sent with RETAIN=1 (non-retained messages are stored and replace the retained one)',
  rules: ['MQTT-3.3.1-12'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || (frame.flags & RETAIN) !== 0) return undefined;
      ctx.applied(`set RETAIN on the publish to ${publishTopic(frame)}`);
      return withFlags(frame, frame.flags | RETAIN); // breaks [MQTT-3.3.1-12]
    },
  }),
};
