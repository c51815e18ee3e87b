// A broker where a zero-byte retained message does not delete the retained one: the proxy forwards
// such a PUBLISH with RETAIN=0, so it is delivered as normal but the retained message stays.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import type { IPublishPacket } from 'mqtt-packet';
import { RETAIN, withFlags } from './packet-tools.ts';

export const ignoreRetainedDelete: Fault = {
  name: 'ignore-retained-delete',
  description: 'client→broker PUBLISH with RETAIN=1 and an empty payload is sent with RETAIN=0 (the retained message is never removed)',
  rules: ['MQTT-3.3.1-10'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || (frame.flags & RETAIN) === 0) return undefined;
      const packet = ctx.parse(frame) as IPublishPacket | undefined;
      if (packet === undefined || packet.payload.length > 0) return undefined;
      ctx.applied(`kept the retained message of ${packet.topic}`);
      return withFlags(frame, frame.flags & ~RETAIN); // breaks [MQTT-3.3.1-10]
    },
  }),
};
