// A broker that never sends retained messages to new subscribers.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { RETAIN, publishTopic } from './packet-tools.ts';

export const dropRetained: Fault = {
  name: 'drop-retained',
  description: 'broker→client PUBLISH with RETAIN=1 (sent because of a new subscription) is swallowed',
  rules: ['MQTT-3.3.1-6', 'MQTT-3.3.1-5', 'MQTT-3.8.4-3', 'MQTT-3.3.1-7', 'MQTT-3.1.2.7'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || (frame.flags & RETAIN) === 0) return undefined;
      ctx.applied(`dropped retained ${publishTopic(frame)}`);
      return 'drop'; // breaks [MQTT-3.3.1-6]
    },
  }),
};
