// A broker that subscribes silently.
import { PacketType } from '../frame-reader.ts';
import { dropFromBroker } from './packet-tools.ts';

export const noSuback = dropFromBroker(
  'no-suback',
  PacketType.SUBACK,
  'broker→client SUBACK is dropped',
  ['MQTT-3.8.4-1'],
);
