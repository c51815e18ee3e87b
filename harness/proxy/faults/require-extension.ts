// A broker that requires a non-standard extension to interoperate: it forwards live messages only
// from clients that authenticated with a user name (a vendor's token scheme), so a stock client
// that connects as the spec allows, without one, cannot publish to others.
import type { IConnectPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { RETAIN, publishQos, publishTopic } from './packet-tools.ts';

export const requireExtension: Fault = {
  name: 'require-extension',
  description: 'a non-retained PUBLISH from a client whose CONNECT had no user name is acknowledged by the proxy and not forwarded',
  rules: ['MQTT-7.0.0-2', 'MQTT-3.8.4-6', 'MQTT-3.1.2-5'],
  attach(ctx) {
    let extended = true;
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.CONNECT) {
          extended = (ctx.parse(frame) as IConnectPacket | undefined)?.username !== undefined;
          return undefined;
        }
        if (frame.type !== PacketType.PUBLISH || extended || (frame.flags & RETAIN) !== 0) return undefined;
        const packet = ctx.parse(frame);
        if (packet?.cmd !== 'publish') return undefined;
        ctx.applied(`dropped a PUBLISH on ${publishTopic(frame)} from a client without the extension`); // breaks [MQTT-7.0.0-2]
        const qos = publishQos(frame);
        if (qos === 1) ctx.sendToClient({ cmd: 'puback', messageId: packet.messageId ?? 0 });
        if (qos === 2) ctx.sendToClient({ cmd: 'pubrec', messageId: packet.messageId ?? 0 });
        return 'drop';
      },
    };
  },
};
