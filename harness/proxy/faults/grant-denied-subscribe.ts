// A broker whose ACL does not apply to SUBSCRIBE: a refused subscription (SUBACK 0x80) is reported
// as granted at QoS 0.
import type { ISubackPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const grantDeniedSubscribe: Fault = {
  name: 'grant-denied-subscribe',
  description: 'broker→client SUBACK failure codes (0x80, MQTT 5 ≥ 0x80) are rewritten to granted QoS 0',
  rules: ['MQTT-3.8.4-5'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.SUBACK) return undefined;
      const packet = ctx.parse(frame) as ISubackPacket | undefined;
      const granted = packet?.granted as number[] | undefined;
      if (packet === undefined || granted === undefined || !granted.some((code) => code >= 0x80)) return undefined;
      ctx.applied(`SUBACK [${granted.join(',')}] → failures granted as QoS 0`);
      return { ...packet, granted: granted.map((code) => (code >= 0x80 ? 0 : code)) };
    },
  }),
};
