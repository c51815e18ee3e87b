// A broker that lets anyone in: CONNACK "bad user name or password" / "not authorized" becomes
// "accepted", and the client connection stays open after the broker closes its side.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

// 3.1.1 return codes 4 and 5; MQTT 5 reason codes 0x86 and 0x87.
const REFUSALS = new Set([0x04, 0x05, 0x86, 0x87]);

export const acceptBadCredentials: Fault = {
  name: 'accept-bad-credentials',
  description: 'broker→client CONNACK 4/5 (bad credentials, not authorized) is rewritten to 0 and the client is kept connected',
  rules: ['MQTT-3.2.2-4', 'MQTT-3.2.2-5'],
  attach(ctx) {
    let rewritten = false;
    return {
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.CONNACK) return undefined;
        const at = frame.headerLength + 1;
        const code = frame.bytes[at];
        if (code === undefined || !REFUSALS.has(code)) return undefined;
        rewritten = true;
        ctx.applied(`CONNACK ${code} → 0`);
        const bytes = Buffer.from(frame.bytes);
        bytes[at - 1] = 0;
        bytes[at] = 0;
        return bytes;
      },
      onBrokerClose: () => (rewritten ? 'keep-client' : undefined),
    };
  },
};
