// A broker that loses the will: when the client's connection ends without DISCONNECT, the proxy
// sends DISCONNECT upstream first, so the broker discards the will instead of publishing it.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const dropWill: Fault = {
  name: 'drop-will',
  description: 'a client connection that ends without DISCONNECT is closed upstream with a DISCONNECT, so the will is never published',
  rules: ['MQTT-3.1.2-8'],
  attach(ctx) {
    let connected = false;
    return {
      onBrokerPacket(frame) {
        if (frame.type === PacketType.CONNACK) connected = true;
        return undefined;
      },
      onClientClose() {
        if (!connected || ctx.clientSentDisconnect) return;
        ctx.sendToBroker({ cmd: 'disconnect' }); // breaks [MQTT-3.1.2-8]
        ctx.applied('sent DISCONNECT upstream for an abnormal close');
      },
    };
  },
};
