// A broker that matches wildcard-leading filters against `$` topics. For every subscription whose
// filter starts with `#` or `+`, the proxy (a) right after the SUBACK injects a PUBLISH on a
// `$SYS/…` topic the filter would match, and (b) forwards any `$…` PUBLISH any client sends through
// this proxy to every such subscriber whose filter matches it.
import type { IPublishPacket, ISubackPacket, ISubscribePacket } from 'mqtt-packet';
import type { Fault, FaultContext } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { filterMatches } from './packet-tools.ts';

interface Subscriber {
  filters: Set<string>;
  ctx: FaultContext;
}

const SHARED_KEY = 'leak-dollar-topic:subscribers';

/** A `$SYS/…` topic that `filter` (starting with a wildcard) would match but for the `$` rule. */
export function leakTopicFor(filter: string): string {
  const levels = filter.split('/');
  const rest = levels.slice(1).map((level) => (level === '+' || level === '#' ? 'leak' : level));
  return ['$SYS', ...(levels[0] === '#' ? ['leak'] : []), ...rest].join('/');
}

function leak(ctx: FaultContext, topic: string, payload: Buffer | string): void {
  const packet: IPublishPacket = { cmd: 'publish', topic, payload, qos: 0, dup: false, retain: false };
  ctx.sendToClient(packet); // breaks [MQTT-4.7.2-1]
  ctx.applied(`leaked ${topic}`);
}

export const leakDollarTopic: Fault = {
  name: 'leak-dollar-topic',
  description: 'topics starting with $ are delivered to filters starting with # or + (injected $SYS/… after SUBACK, and $… publishes relayed)',
  rules: ['MQTT-4.7.2-1'],
  attach(ctx) {
    let subscribers = ctx.shared.get(SHARED_KEY) as Set<Subscriber> | undefined;
    if (subscribers === undefined) {
      subscribers = new Set();
      ctx.shared.set(SHARED_KEY, subscribers);
    }
    const all = subscribers;
    const self: Subscriber = { filters: new Set(), ctx };
    const pending = new Map<number, string[]>();
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.SUBSCRIBE) {
          const packet = ctx.parse(frame) as ISubscribePacket | undefined;
          if (packet?.messageId !== undefined) pending.set(packet.messageId, packet.subscriptions.map((s) => s.topic));
        } else if (frame.type === PacketType.UNSUBSCRIBE) {
          const packet = ctx.parse(frame);
          if (packet?.cmd === 'unsubscribe') for (const filter of packet.unsubscriptions) self.filters.delete(filter);
        } else if (frame.type === PacketType.PUBLISH) {
          const packet = ctx.parse(frame) as IPublishPacket | undefined;
          if (packet?.topic.startsWith('$')) {
            for (const other of all) {
              if ([...other.filters].some((f) => filterMatches(f, packet.topic))) leak(other.ctx, packet.topic, packet.payload);
            }
          }
        }
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.SUBACK) return undefined;
        const packet = ctx.parse(frame) as ISubackPacket | undefined;
        const filters = packet?.messageId === undefined ? undefined : pending.get(packet.messageId);
        if (packet === undefined || filters === undefined) return undefined;
        pending.delete(packet.messageId as number);
        const granted = packet.granted as number[];
        const leaky = filters.filter((f, i) => (f.startsWith('#') || f.startsWith('+')) && (granted[i] ?? 0x80) < 0x80);
        if (leaky.length === 0) return undefined;
        for (const filter of leaky) self.filters.add(filter);
        all.add(self);
        ctx.sendToClient(frame.bytes);
        for (const filter of leaky) leak(ctx, leakTopicFor(filter), 'leaked by fault-proxy');
        return 'drop';
      },
      onClientClose() {
        all.delete(self);
      },
    };
  },
};
