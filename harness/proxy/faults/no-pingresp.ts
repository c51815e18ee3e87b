// A broker that ignores PINGREQ.
import { PacketType } from '../frame-reader.ts';
import { dropFromBroker } from './packet-tools.ts';

export const noPingresp = dropFromBroker(
  'no-pingresp',
  PacketType.PINGRESP,
  'broker→client PINGRESP is dropped',
  ['MQTT-3.12.4-1'],
);
