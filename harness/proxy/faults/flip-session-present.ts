// A broker that reports the wrong Session Present flag on a successful CONNACK.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { withByte } from './packet-tools.ts';

export const flipSessionPresent: Fault = {
  name: 'flip-session-present',
  description: 'broker→client CONNACK with return code 0 has its Session Present flag inverted',
  rules: ['MQTT-3.2.2-1', 'MQTT-3.2.2-2', 'MQTT-3.2.2-3', 'MQTT-3.1.3-2'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.CONNACK) return undefined;
      const at = frame.headerLength;
      const flags = frame.bytes[at];
      if (flags === undefined || frame.bytes[at + 1] !== 0) return undefined;
      ctx.applied(`Session Present ${flags & 1} → ${(flags & 1) ^ 1}`);
      return withByte(frame, at, flags ^ 0x01); // breaks [MQTT-3.2.2-1..3]
    },
  }),
};
