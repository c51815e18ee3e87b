// A transport that is not lossless: the first live (non-retained) PUBLISH the broker sends on each
// clean-session connection is lost in the byte stream.
import type { IConnectPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { RETAIN, publishTopic } from './packet-tools.ts';

export const lossyStream: Fault = {
  name: 'lossy-stream',
  description: 'the broker→client stream of a clean-session connection loses its first non-retained PUBLISH',
  rules: ['MQTT-7.1.1-1', 'MQTT-3.8.4-6'],
  attach(ctx) {
    let clean = false;
    let lost = false;
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.CONNECT) clean = (ctx.parse(frame) as IConnectPacket | undefined)?.clean === true;
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.PUBLISH || (frame.flags & RETAIN) !== 0 || !clean || lost) return undefined;
        lost = true;
        ctx.applied(`lost the PUBLISH on ${publishTopic(frame)} in the stream`); // breaks [MQTT-7.1.1-1]
        return 'drop';
      },
    };
  },
};
