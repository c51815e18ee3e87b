// A broker that answers a multi-filter SUBSCRIBE with its return codes in the wrong order.
import type { ISubackPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const reverseSubackCodes: Fault = {
  name: 'reverse-suback-codes',
  description: 'broker→client SUBACK with several differing return codes has them in reverse order',
  rules: ['MQTT-3.9.3-1'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.SUBACK) return undefined;
      const packet = ctx.parse(frame) as ISubackPacket | undefined;
      const granted = packet?.granted as number[] | undefined;
      if (packet === undefined || granted === undefined || new Set(granted).size < 2) return undefined;
      const reversed = [...granted].reverse();
      ctx.applied(`SUBACK [${granted.join(',')}] → [${reversed.join(',')}]`);
      return { ...packet, granted: reversed }; // breaks [MQTT-3.9.3-1]
    },
  }),
};
