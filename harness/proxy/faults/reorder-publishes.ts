// A broker that does not keep topics ordered: broker→client PUBLISHes are swapped in pairs. The
// first of a pair is held until the next PUBLISH (sent before it) or any other packet or a short
// deadline (both sent in order), so nothing is lost.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { publishTopic } from './packet-tools.ts';

export const HOLD_MS = 300;

export const reorderPublishes: Fault = {
  name: 'reorder-publishes',
  description: 'two consecutive broker→client PUBLISH packets are delivered in swapped order',
  rules: ['MQTT-4.6.0-5', 'MQTT-4.6.0-6'],
  attach(ctx) {
    let held: Buffer | undefined;
    let generation = 0;
    return {
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.PUBLISH) {
          if (held === undefined) return undefined;
          const first = held;
          held = undefined;
          return [first, frame.bytes];
        }
        if (held === undefined) {
          held = Buffer.from(frame.bytes);
          const mine = ++generation;
          ctx.setTimeout(HOLD_MS, () => {
            if (held === undefined || generation !== mine) return;
            ctx.sendToClient(held);
            held = undefined;
          });
          return 'drop';
        }
        const first = held;
        held = undefined;
        ctx.applied(`swapped ${publishTopic(frame)} ahead of the PUBLISH before it`);
        return [frame.bytes, first]; // breaks [MQTT-4.6.0-5]
      },
    };
  },
};
