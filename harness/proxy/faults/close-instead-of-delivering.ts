// A broker that, when a client listens for what else may arrive (its PINGREQ barrier at the end of
// a "receives no message" window), closes that client's connection instead of delivering or
// answering (the client may hold its subscriptions in a resumed session, so every PINGREQ counts). A control with this fault proves that every silence step fails on a closed
// connection: "nothing arrived" must be heard on a live connection, after a round trip.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const closeInsteadOfDelivering: Fault = {
  name: 'close-instead-of-delivering',
  description: 'a client that sends PINGREQ is disconnected instead of answered (its silence window ends on a closed connection)',
  rules: ['MQTT-3.12.4-1'],
  attach(ctx) {
    let closed = false;
    return {
      onClientPacket(frame) {
        if (frame.type !== PacketType.PINGREQ) return undefined;
        if (!closed) {
          closed = true;
          ctx.applied('closed a subscriber at its PINGREQ instead of answering'); // breaks [MQTT-3.12.4-1]
          ctx.closeClient();
        }
        return 'drop';
      },
    };
  },
};
