// A broker that does not check the protocol name: a CONNECT naming anything else is rewritten to
// name "MQTT", so the broker accepts it as MQTT 3.1.1.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { packetBytes } from './packet-tools.ts';

const MQTT = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54]);

export const acceptAnyProtocolName: Fault = {
  name: 'accept-any-protocol-name',
  description: 'client→broker CONNECT with a protocol name other than MQTT (or MQIsdp) is sent naming MQTT',
  rules: ['MQTT-3.1.2-1'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.CONNECT) return undefined;
      const at = frame.headerLength;
      if (at + 2 > frame.bytes.length) return undefined;
      const nameEnd = at + 2 + frame.bytes.readUInt16BE(at);
      const name = frame.bytes.subarray(at + 2, nameEnd).toString('latin1');
      if (name === 'MQTT' || name === 'MQIsdp' || nameEnd > frame.bytes.length) return undefined;
      ctx.applied(`protocol name "${name}" → "MQTT"`);
      return packetBytes(frame.bytes[0] ?? 0x10, Buffer.concat([MQTT, frame.bytes.subarray(nameEnd)])); // breaks [MQTT-3.1.2-1]
    },
  }),
};
