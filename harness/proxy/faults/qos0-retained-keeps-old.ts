// A broker that does not let a retained QoS 0 message replace the message retained before it: the
// proxy forwards such a PUBLISH without its RETAIN flag when the topic already had a retained
// message (seen through the proxy), so current subscribers get it and the store keeps the old one.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { RETAIN, publishQos, publishTopic, withFlags } from './packet-tools.ts';

const RETAINED = 'qos0-retained-keeps-old:topics';

export const qos0RetainedKeepsOld: Fault = {
  name: 'qos0-retained-keeps-old',
  description: 'a retained QoS 0 PUBLISH (non-empty) to a topic that already has a retained message reaches the broker with RETAIN=0, so the old retained message is kept',
  rules: ['MQTT-3.3.1-7'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || (frame.flags & RETAIN) === 0) return undefined;
      const topics = (ctx.shared.get(RETAINED) as Set<string> | undefined) ?? new Set<string>();
      ctx.shared.set(RETAINED, topics);
      const topic = publishTopic(frame);
      const empty = frame.bytes.length <= frame.headerLength + 2 + Buffer.byteLength(topic) + (publishQos(frame) > 0 ? 2 : 0);
      if (empty) {
        topics.delete(topic);
        return undefined;
      }
      if (publishQos(frame) !== 0 || !topics.has(topic)) {
        topics.add(topic);
        return undefined;
      }
      ctx.applied(`retained QoS 0 on ${topic} forwarded without RETAIN (the old retained message stays)`);
      return withFlags(frame, frame.flags & ~RETAIN); // breaks [MQTT-3.3.1-7]
    },
  }),
};
