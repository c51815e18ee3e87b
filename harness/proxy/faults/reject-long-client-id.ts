// A broker that refuses client ids of 23 characters or more: an accepting CONNACK for such a
// CONNECT is rewritten to 2 (identifier rejected).
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { connectFlagsOffset } from './packet-tools.ts';

export const rejectLongClientId: Fault = {
  name: 'reject-long-client-id',
  description: 'broker→client CONNACK 0 for a client id of 23 or more bytes is rewritten to 2 (identifier rejected)',
  rules: ['MQTT-3.1.3-5'],
  attach(ctx) {
    let longId = false;
    return {
      onClientPacket(frame) {
        if (frame.type !== PacketType.CONNECT) return undefined;
        const at = connectFlagsOffset(frame);
        longId = at !== undefined && at + 5 <= frame.bytes.length && frame.bytes.readUInt16BE(at + 3) >= 23;
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.CONNACK || !longId) return undefined;
        const at = frame.headerLength + 1;
        if (frame.bytes[at] !== 0) return undefined;
        const bytes = Buffer.from(frame.bytes);
        bytes[at - 1] = 0;
        bytes[at] = ctx.protocolVersion === 5 ? 0x85 : 0x02; // breaks [MQTT-3.1.3-5]
        ctx.applied('CONNACK 0 → identifier rejected for a 23+ byte client id');
        return bytes;
      },
    };
  },
};
