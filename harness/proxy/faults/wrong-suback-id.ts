// A broker that answers SUBSCRIBE with the wrong Packet Identifier (the lowest bit flipped).
import { PacketType } from '../frame-reader.ts';
import { flipAckId } from './packet-tools.ts';

export const wrongSubackId = flipAckId(
  'wrong-suback-id',
  PacketType.SUBACK,
  'broker→client SUBACK carries a Packet Identifier other than its SUBSCRIBE\'s (lowest bit flipped)',
  ['MQTT-3.8.4-2', 'MQTT-2.3.1-7'], // breaks [MQTT-3.8.4-2] [MQTT-2.3.1-7]
);
