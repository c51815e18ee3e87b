// A broker that never discards sessions: CONNECT with CleanSession=1 reaches it as CleanSession=0
// (left alone for a zero-length client id, which CleanSession=0 would get refused).
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { connectFlagsOffset, withByte } from './packet-tools.ts';

const CLEAN_SESSION = 0x02;

export const keepSession: Fault = {
  name: 'keep-session',
  description: 'client→broker CONNECT with CleanSession=1 is sent as CleanSession=0 (old session state is reused)',
  rules: ['MQTT-3.1.2-6'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.CONNECT) return undefined;
      const at = connectFlagsOffset(frame);
      const flags = at === undefined ? undefined : frame.bytes[at];
      if (at === undefined || flags === undefined || (flags & CLEAN_SESSION) === 0) return undefined;
      const idLength = at + 5 <= frame.bytes.length ? frame.bytes.readUInt16BE(at + 3) : 0;
      if (idLength === 0) return undefined;
      ctx.applied('CleanSession 1 → 0');
      return withByte(frame, at, flags & ~CLEAN_SESSION); // breaks [MQTT-3.1.2-6]
    },
  }),
};
