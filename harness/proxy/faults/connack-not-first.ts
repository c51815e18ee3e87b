// A broker that sends something before its CONNACK.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const connackNotFirst: Fault = {
  name: 'connack-not-first',
  description: 'a PINGRESP is sent to the client just before the broker\'s CONNACK',
  rules: ['MQTT-3.2.0-1'],
  attach(ctx) {
    let seen = false;
    return {
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.CONNACK || seen) return undefined;
        seen = true;
        ctx.applied('PINGRESP before CONNACK');
        return [ctx.encode({ cmd: 'pingresp' }), frame.bytes]; // breaks [MQTT-3.2.0-1]
      },
    };
  },
};
