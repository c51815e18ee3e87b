// A broker that answers a CONNECT it cannot accept with a CONNACK before closing, where no return
// code applies and it must close without one: when the broker closes a connection before any
// CONNACK, the proxy first sends the client a CONNACK with return code 2.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const connackBeforeClose: Fault = {
  name: 'connack-before-close',
  description: 'when the broker closes a connection after a CONNECT and before any CONNACK, the client first gets CONNACK 2 (identifier rejected)',
  rules: ['MQTT-3.2.2-6', 'MQTT-3.1.4-1'],
  attach(ctx) {
    let connected = false;
    let connack = false;
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.CONNECT) connected = true;
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type === PacketType.CONNACK) connack = true;
        return undefined;
      },
      onBrokerClose() {
        if (!connected || connack || ctx.clientSentDisconnect) return undefined;
        ctx.sendToClient(Buffer.from([0x20, 0x02, 0x00, 0x02])); // breaks [MQTT-3.2.2-6]
        ctx.applied('sent CONNACK 2 before the broker closed a CONNECT it did not answer');
        return undefined;
      },
    };
  },
};
