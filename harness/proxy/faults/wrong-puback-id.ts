// A broker that acknowledges QoS 1 PUBLISHes with the wrong Packet Identifier (the lowest bit flipped).
import { PacketType } from '../frame-reader.ts';
import { flipAckId } from './packet-tools.ts';

export const wrongPubackId = flipAckId(
  'wrong-puback-id',
  PacketType.PUBACK,
  'broker→client PUBACK carries a Packet Identifier other than its PUBLISH\'s (lowest bit flipped)',
  ['MQTT-2.3.1-6', 'MQTT-3.3.4-1'], // breaks [MQTT-2.3.1-6]; a PUBACK for another id answers nothing [MQTT-3.3.4-1]
);
