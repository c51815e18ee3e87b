// A broker whose password check rejects good passwords: a CONNECT carrying a user name that the
// broker accepts (CONNACK 0) is answered "bad user name or password". Anonymous connects (such as
// the runner's reachability probe) pass untouched.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { connectFlagsOffset } from './packet-tools.ts';

const USERNAME_FLAG = 0x80;

export const refuseValidCredentials: Fault = {
  name: 'refuse-valid-credentials',
  description: 'broker→client CONNACK 0 for a CONNECT with a user name is rewritten to 4 (bad user name or password)',
  rules: ['MQTT-3.1.4-4'],
  attach(ctx) {
    let withUsername = false;
    return {
      onClientPacket(frame) {
        if (frame.type !== PacketType.CONNECT) return undefined;
        const at = connectFlagsOffset(frame);
        withUsername = at !== undefined && ((frame.bytes[at] ?? 0) & USERNAME_FLAG) !== 0;
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.CONNACK || !withUsername) return undefined;
        const at = frame.headerLength + 1;
        if (frame.bytes[at] !== 0) return undefined;
        const bytes = Buffer.from(frame.bytes);
        bytes[at - 1] = 0;
        bytes[at] = ctx.protocolVersion === 5 ? 0x86 : 0x04; // breaks [MQTT-3.1.4-4]
        ctx.applied(`CONNACK 0 → ${bytes[at]} for a user name`);
        return bytes;
      },
    };
  },
};
