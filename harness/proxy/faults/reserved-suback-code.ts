// A broker that answers SUBSCRIBE with a reserved return code (0x03) for each granted filter.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const reservedSubackCode: Fault = {
  name: 'reserved-suback-code',
  description: 'broker→client SUBACK return codes 0x00–0x02 are rewritten to 0x03, a reserved code (0x80 stays)',
  rules: ['MQTT-3.9.3-2'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.SUBACK) return undefined;
      const bytes = Buffer.from(frame.bytes);
      let changed = 0;
      for (let i = frame.headerLength + 2; i < bytes.length; i++) {
        if ((bytes[i] ?? 0x80) < 0x80) {
          bytes[i] = 0x03; // breaks [MQTT-3.9.3-2]
          changed += 1;
        }
      }
      if (changed === 0) return undefined;
      ctx.applied(`SUBACK: ${changed} return code(s) → 0x03`);
      return bytes;
    },
  }),
};
