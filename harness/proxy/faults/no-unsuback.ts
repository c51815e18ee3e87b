// A broker that unsubscribes silently.
import { PacketType } from '../frame-reader.ts';
import { dropFromBroker } from './packet-tools.ts';

export const noUnsuback = dropFromBroker(
  'no-unsuback',
  PacketType.UNSUBACK,
  'broker→client UNSUBACK is dropped',
  ['MQTT-3.10.4-4', 'MQTT-3.10.4-5'],
);
