// A broker that gets the Will Retain flag backwards: the proxy inverts it in CONNECTs that carry a will.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { connectFlagsOffset, withByte } from './packet-tools.ts';

const WILL_FLAG = 0x04;
const WILL_RETAIN = 0x20;

export const flipWillRetain: Fault = {
  name: 'flip-will-retain',
  description: 'client→broker CONNECT with a will has its Will Retain flag inverted',
  rules: ['MQTT-3.1.2-16', 'MQTT-3.1.2-17'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.CONNECT) return undefined;
      const at = connectFlagsOffset(frame);
      const flags = at === undefined ? undefined : frame.bytes[at];
      if (at === undefined || flags === undefined || (flags & WILL_FLAG) === 0) return undefined;
      ctx.applied(`Will Retain ${(flags & WILL_RETAIN) === 0 ? '0 → 1' : '1 → 0'}`);
      return withByte(frame, at, flags ^ WILL_RETAIN); // breaks [MQTT-3.1.2-16] [MQTT-3.1.2-17]
    },
  }),
};
