// Shared by the topic-matching faults: rewrite the filters of SUBSCRIBE and UNSUBSCRIBE the same way,
// so the broker matches with a different filter than the client asked for (and unsubscribes it).
import type { Fault, FaultHooks } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export function filterRewritingFault(name: string, description: string, rules: readonly string[], rewrite: (filter: string) => string): Fault {
  return {
    name,
    description,
    rules,
    attach(ctx): FaultHooks {
      return {
        onClientPacket(frame) {
          if (frame.type !== PacketType.SUBSCRIBE && frame.type !== PacketType.UNSUBSCRIBE) return undefined;
          const packet = ctx.parse(frame);
          if (packet?.cmd === 'subscribe') {
            const subscriptions = packet.subscriptions.map((s) => ({ ...s, topic: rewrite(s.topic) }));
            if (subscriptions.every((s, i) => s.topic === packet.subscriptions[i]?.topic)) return undefined;
            ctx.applied(`SUBSCRIBE ${packet.subscriptions.map((s) => s.topic).join(', ')} → ${subscriptions.map((s) => s.topic).join(', ')}`);
            return { ...packet, subscriptions };
          }
          if (packet?.cmd === 'unsubscribe') {
            const unsubscriptions = packet.unsubscriptions.map(rewrite);
            if (unsubscriptions.every((f, i) => f === packet.unsubscriptions[i])) return undefined;
            return { ...packet, unsubscriptions };
          }
          return undefined;
        },
      };
    },
  };
}
