// A broker that handles only the first filter of a SUBSCRIBE or UNSUBSCRIBE with several.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const firstFilterOnly: Fault = {
  name: 'first-filter-only',
  description: 'client→broker SUBSCRIBE with several filters is forwarded with its first filter only',
  rules: ['MQTT-3.8.4-4', 'MQTT-3.8.4-5'], // one return code for several filters: no code for each pair
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.SUBSCRIBE) return undefined;
      const packet = ctx.parse(frame);
      if (packet?.cmd !== 'subscribe' || packet.subscriptions.length < 2) return undefined;
      ctx.applied(`kept 1 of ${packet.subscriptions.length} filters`);
      return { ...packet, subscriptions: packet.subscriptions.slice(0, 1) }; // breaks [MQTT-3.8.4-4]
    },
  }),
};

export const firstUnsubscribeOnly: Fault = {
  name: 'first-unsubscribe-only',
  description: 'client→broker UNSUBSCRIBE with several filters is forwarded with its first filter only',
  rules: ['MQTT-3.10.4-6'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.UNSUBSCRIBE) return undefined;
      const packet = ctx.parse(frame);
      if (packet?.cmd !== 'unsubscribe' || packet.unsubscriptions.length < 2) return undefined;
      ctx.applied(`kept 1 of ${packet.unsubscriptions.length} filters`);
      return { ...packet, unsubscriptions: packet.unsubscriptions.slice(0, 1) }; // breaks [MQTT-3.10.4-6]
    },
  }),
};
