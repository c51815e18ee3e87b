// A broker whose publish ACL does not hold: a PUBLISH to the reference profile's denied publish
// topic is delivered anyway (the proxy delivers it at QoS 0 to the other connections whose filters
// match, while the broker drops it as it should).
import type { ISubscribePacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { publishTopic } from './packet-tools.ts';
import { register, subscribersOf } from './subscriber-registry.ts';

const KEY = 'ignore-publish-acl';
/** fixtures/profiles/reference.json `deniedPublishTopic`: what the launched reference broker denies. */
export const DENIED_PUBLISH_TOPIC = 'mqttc-denied/pub';

export const ignorePublishAcl: Fault = {
  name: 'ignore-publish-acl',
  description: `a PUBLISH to ${DENIED_PUBLISH_TOPIC} (denied by the reference profile) is delivered at QoS 0 to every other connection whose filter matches`,
  rules: ['MQTT-3.3.5-2'],
  attach(ctx) {
    const self = register(ctx, KEY);
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.SUBSCRIBE) {
          for (const s of (ctx.parse(frame) as ISubscribePacket | undefined)?.subscriptions ?? []) self.filters.add(s.topic);
          return undefined;
        }
        if (frame.type !== PacketType.PUBLISH) return undefined;
        const topic = publishTopic(frame);
        if (topic !== DENIED_PUBLISH_TOPIC) return undefined;
        const packet = ctx.parse(frame);
        if (packet?.cmd !== 'publish') return undefined;
        for (const other of subscribersOf(ctx, KEY, topic)) {
          other.ctx.sendToClient({ cmd: 'publish', topic, payload: packet.payload, qos: 0, dup: false, retain: false });
          ctx.applied(`delivered a denied PUBLISH on ${topic} to connection #${other.ctx.connectionId}`); // breaks [MQTT-3.3.5-2]
        }
        return undefined;
      },
      onClientClose() {
        self.open = false;
      },
    };
  },
};
