// A broker that delivers each message to one subscriber only: across the connections of one proxy,
// a PUBLISH whose topic and payload were already delivered to another connection in the last few
// seconds is swallowed.
import type { IPublishPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

const SHARED_KEY = 'deliver-to-one-subscriber:seen';
const WINDOW_MS = 5000;

export const deliverToOneSubscriber: Fault = {
  name: 'deliver-to-one-subscriber',
  description: 'a message (same topic and payload) is delivered to the first subscribing connection only',
  rules: ['MQTT-4.5.0-1'],
  attach(ctx) {
    let seen = ctx.shared.get(SHARED_KEY) as Map<string, { connectionId: number; at: number }> | undefined;
    if (seen === undefined) {
      seen = new Map();
      ctx.shared.set(SHARED_KEY, seen);
    }
    const deliveries = seen;
    return {
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.PUBLISH) return undefined;
        const packet = ctx.parse(frame) as IPublishPacket | undefined;
        if (packet === undefined) return undefined;
        const key = `${packet.topic}\u0000${Buffer.from(packet.payload).toString('hex')}`;
        const now = Date.now();
        const first = deliveries.get(key);
        if (first === undefined || now - first.at > WINDOW_MS) {
          deliveries.set(key, { connectionId: ctx.connectionId, at: now });
          return undefined;
        }
        if (first.connectionId === ctx.connectionId) return undefined;
        ctx.applied(`withheld ${packet.topic} (already delivered on #${first.connectionId})`);
        return 'drop'; // breaks [MQTT-4.5.0-1]
      },
    };
  },
};
