// A broker that does not re-send retained messages when a client subscribes again with a filter it
// already has: the retained PUBLISHes for a filter subscribed a second time on the connection are
// swallowed (the first subscription's retained messages still arrive).
import type { ISubscribePacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { RETAIN, filterMatches, publishTopic } from './packet-tools.ts';

export const noRetainedOnResubscribe: Fault = {
  name: 'no-retained-on-resubscribe',
  description: 'after a SUBSCRIBE repeating a filter of the connection, retained PUBLISHes matching that filter are swallowed',
  rules: ['MQTT-3.8.4-3'],
  attach(ctx) {
    const filters = new Set<string>();
    const repeated = new Set<string>();
    return {
      onClientPacket(frame) {
        if (frame.type !== PacketType.SUBSCRIBE) return undefined;
        for (const s of (ctx.parse(frame) as ISubscribePacket | undefined)?.subscriptions ?? []) {
          if (filters.has(s.topic)) repeated.add(s.topic);
          filters.add(s.topic);
        }
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.PUBLISH || (frame.flags & RETAIN) === 0 || repeated.size === 0) return undefined;
        const topic = publishTopic(frame);
        if (![...repeated].some((f) => filterMatches(f, topic))) return undefined;
        ctx.applied(`swallowed the retained ${topic} re-sent for a repeated subscription`); // breaks [MQTT-3.8.4-3]
        return 'drop';
      },
    };
  },
};
