// A broker that takes QoS 1 messages but never acknowledges them.
import { PacketType } from '../frame-reader.ts';
import { dropFromBroker } from './packet-tools.ts';

export const swallowPuback = dropFromBroker(
  'swallow-puback',
  PacketType.PUBACK,
  'broker→client PUBACK is dropped (a QoS 1 PUBLISH from the client is never acknowledged)',
  ['MQTT-4.3.2-2', 'MQTT-3.3.4-1'],
);
