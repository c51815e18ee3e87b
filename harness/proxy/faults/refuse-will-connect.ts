// A broker that refuses a valid CONNECT carrying a will: broker→client CONNACK 0 answering a CONNECT
// whose Will Flag is set becomes CONNACK 3 (server unavailable) and the client is closed.
import type { IConnectPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const refuseWillConnect: Fault = {
  name: 'refuse-will-connect',
  description: 'a valid CONNECT with a will is answered CONNACK 3 (server unavailable) instead of 0, and the client closed',
  rules: ['MQTT-3.1.4-4'],
  attach(ctx) {
    let will = false;
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.CONNECT) will = (ctx.parse(frame) as IConnectPacket | undefined)?.will !== undefined;
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.CONNACK || !will || (frame.bytes[frame.headerLength + 1] ?? 1) !== 0) return undefined;
        ctx.applied('refused a valid CONNECT with a will (CONNACK 3)'); // breaks [MQTT-3.1.4-4]
        ctx.sendToClient(Buffer.from([0x20, 0x02, 0x00, 0x03]));
        ctx.closeClient();
        return 'drop';
      },
    };
  },
};
