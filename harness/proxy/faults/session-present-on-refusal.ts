// A broker that says a session is present when it refuses a connection: broker→client CONNACK
// with a non-zero return code gets Session Present 1.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { withByte } from './packet-tools.ts';

export const sessionPresentOnRefusal: Fault = {
  name: 'session-present-on-refusal',
  description: 'broker→client CONNACK with a non-zero return code gets Session Present 1',
  rules: ['MQTT-3.2.2-4'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.CONNACK || (frame.bytes[frame.headerLength + 1] ?? 0) === 0) return undefined;
      ctx.applied(`CONNACK ${frame.bytes[frame.headerLength + 1]}: session present 1`);
      return withByte(frame, frame.headerLength, 0x01); // breaks [MQTT-3.2.2-4]
    },
  }),
};
