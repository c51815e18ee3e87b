// A broker that forgets in-flight messages on reconnect: re-sent PUBLISHes (DUP=1) are swallowed.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { DUP, publishTopic } from './packet-tools.ts';

export const dropRedelivery: Fault = {
  name: 'drop-redelivery',
  description: 'broker→client PUBLISH with DUP=1 (a re-delivery of an unacknowledged message) is swallowed',
  rules: ['MQTT-4.4.0-1'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || (frame.flags & DUP) === 0) return undefined;
      ctx.applied(`dropped re-delivery of ${publishTopic(frame)}`);
      return 'drop'; // breaks [MQTT-4.4.0-1]
    },
  }),
};
