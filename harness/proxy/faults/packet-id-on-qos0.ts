// A broker that writes a Packet Identifier into QoS 0 PUBLISHes: two bytes (0x0001) are inserted
// after the Topic Name, which a receiver reads as the start of the payload.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { packetBytes, publishQos, publishTopic } from './packet-tools.ts';

export const packetIdOnQos0: Fault = {
  name: 'packet-id-on-qos0',
  description: 'broker→client PUBLISH QoS 0 gets a Packet Identifier (0x0001) after its Topic Name',
  rules: ['MQTT-2.3.1-5'],
  attach: (ctx) => ({
    onBrokerPacket(frame) {
      if (frame.type !== PacketType.PUBLISH || publishQos(frame) !== 0 || ctx.protocolVersion === 5) return undefined;
      const topicEnd = frame.headerLength + 2 + frame.bytes.readUInt16BE(frame.headerLength);
      const body = Buffer.concat([frame.bytes.subarray(frame.headerLength, topicEnd), Buffer.from([0x00, 0x01]), frame.bytes.subarray(topicEnd)]);
      ctx.applied(`Packet Identifier in the QoS 0 PUBLISH to ${publishTopic(frame)}`);
      return packetBytes(frame.bytes[0] ?? 0x30, body); // breaks [MQTT-2.3.1-5]
    },
  }),
};
