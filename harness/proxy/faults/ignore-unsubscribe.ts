// A broker that acknowledges UNSUBSCRIBE but keeps the subscription: the proxy answers UNSUBACK
// itself and never forwards the UNSUBSCRIBE, so messages keep flowing.
import type { Packet } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const ignoreUnsubscribe: Fault = {
  name: 'ignore-unsubscribe',
  description: 'client→broker UNSUBSCRIBE is answered by the proxy with UNSUBACK and never reaches the broker',
  rules: ['MQTT-3.10.4-1', 'MQTT-3.10.4-2', 'MQTT-3.10.4-6'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.UNSUBSCRIBE) return undefined;
      const packet = ctx.parse(frame);
      if (packet?.cmd !== 'unsubscribe' || packet.messageId === undefined) return undefined;
      const unsuback: Packet =
        ctx.protocolVersion === 5
          ? { cmd: 'unsuback', messageId: packet.messageId, granted: packet.unsubscriptions.map(() => 0) }
          : { cmd: 'unsuback', messageId: packet.messageId, granted: [] };
      ctx.sendToClient(unsuback); // breaks [MQTT-3.10.4-1] [MQTT-3.10.4-2]
      ctx.applied(`kept ${packet.unsubscriptions.join(', ')} subscribed`);
      return 'drop';
    },
  }),
};
