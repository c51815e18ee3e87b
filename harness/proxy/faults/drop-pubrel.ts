// A broker that stalls QoS 2 deliveries: it never sends PUBREL after the subscriber's PUBREC.
import { PacketType } from '../frame-reader.ts';
import { dropFromBroker } from './packet-tools.ts';

export const dropPubrel = dropFromBroker(
  'drop-pubrel',
  PacketType.PUBREL,
  'broker→client PUBREL is dropped (a QoS 2 delivery never completes)',
  ['MQTT-4.3.3-1', 'MQTT-3.10.4-3'],
);
