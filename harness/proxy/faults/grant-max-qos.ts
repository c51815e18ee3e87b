// A broker whose SUBACK does not show the QoS it granted: every granted code reads 2, whatever was
// asked and granted (2 is a legal code: the reserved codes are reserved-suback-code's fault).
import type { ISubackPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const grantMaxQos: Fault = {
  name: 'grant-max-qos',
  description: 'broker→client SUBACK return codes below 0x80 are all rewritten to 2',
  rules: ['MQTT-3.8.4-5'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.SUBACK) return undefined;
      const packet = ctx.parse(frame) as ISubackPacket | undefined;
      const granted = packet?.granted as number[] | undefined;
      if (packet === undefined || granted === undefined || granted.every((code) => code === 2 || code >= 0x80)) return undefined;
      ctx.applied(`SUBACK [${granted.join(',')}] → all 2`);
      return { ...packet, granted: granted.map((code) => (code >= 0x80 ? code : 2)) }; // breaks [MQTT-3.8.4-5]
    },
  }),
};
