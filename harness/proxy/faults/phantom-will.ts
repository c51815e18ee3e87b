// A broker that publishes a message when a connection without a will ends abnormally: the proxy
// sends, on the dropping client's behalf, a QoS 0 PUBLISH to a topic of each filter the other open
// connections have subscribed to.
import type { IConnectPacket, ISubscribePacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { register, registry, topicFor } from './subscriber-registry.ts';

const KEY = 'phantom-will';

export const phantomWill: Fault = {
  name: 'phantom-will',
  description: 'when a connection whose CONNECT had no will drops without DISCONNECT, a message "phantom will" is published to a topic of every filter other open connections subscribed to',
  rules: ['MQTT-3.1.2-12', 'MQTT-3.1.2-10'], // a will published after the first one was sent and removed
  attach(ctx) {
    const self = register(ctx, KEY);
    let hadWill: boolean | undefined;
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.CONNECT && hadWill === undefined) {
          hadWill = (ctx.parse(frame) as IConnectPacket | undefined)?.will !== undefined;
        } else if (frame.type === PacketType.SUBSCRIBE) {
          for (const s of (ctx.parse(frame) as ISubscribePacket | undefined)?.subscriptions ?? []) self.filters.add(s.topic);
        }
        return undefined;
      },
      onClientClose() {
        self.open = false;
        if (hadWill !== false || ctx.clientSentDisconnect) return;
        const topics = new Set([...registry(ctx, KEY).values()].filter((c) => c.open).flatMap((c) => [...c.filters].map(topicFor)));
        for (const topic of topics) {
          ctx.sendToBroker({ cmd: 'publish', topic, payload: Buffer.from('phantom will'), qos: 0, dup: false, retain: false });
          ctx.applied(`published a will for a connection without one on ${topic}`); // breaks [MQTT-3.1.2-12]
        }
      },
    };
  },
};
