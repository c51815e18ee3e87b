// A broker that never keeps sessions: CONNECT with CleanSession=0 reaches it as CleanSession=1.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { connectFlagsOffset, withByte } from './packet-tools.ts';

const CLEAN_SESSION = 0x02;

export const forceCleanSession: Fault = {
  name: 'force-clean-session',
  description: 'client→broker CONNECT with CleanSession=0 is sent as CleanSession=1 (persistent sessions are lost)',
  rules: ['MQTT-3.1.2-4', 'MQTT-3.1.2-5', 'MQTT-3.2.2-2', 'MQTT-3.1.4-3', 'MQTT-4.1.0-1'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.CONNECT) return undefined;
      const at = connectFlagsOffset(frame);
      const flags = at === undefined ? undefined : frame.bytes[at];
      if (at === undefined || flags === undefined || (flags & CLEAN_SESSION) !== 0) return undefined;
      ctx.applied('CleanSession 0 → 1');
      return withByte(frame, at, flags | CLEAN_SESSION); // breaks [MQTT-3.1.2-4] [MQTT-3.1.2-5]
    },
  }),
};
