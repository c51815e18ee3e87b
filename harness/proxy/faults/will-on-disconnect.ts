// A broker that keeps the will after a clean DISCONNECT: the proxy swallows the client's DISCONNECT
// and ends the upstream connection without it, so the broker publishes the will.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const willOnDisconnect: Fault = {
  name: 'will-on-disconnect',
  description: 'client→broker DISCONNECT is swallowed and the upstream connection just closed, so the will is published anyway',
  rules: ['MQTT-3.1.2-10', 'MQTT-3.14.4-3'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.DISCONNECT) return undefined;
      ctx.applied('swallowed DISCONNECT and closed upstream');
      ctx.closeBroker(); // breaks [MQTT-3.1.2-10] [MQTT-3.14.4-3]
      return 'drop';
    },
  }),
};
