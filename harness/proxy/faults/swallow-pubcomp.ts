// A broker that never completes the QoS 2 handshake.
import { PacketType } from '../frame-reader.ts';
import { dropFromBroker } from './packet-tools.ts';

export const swallowPubcomp = dropFromBroker(
  'swallow-pubcomp',
  PacketType.PUBCOMP,
  'broker→client PUBCOMP is dropped (the client\'s PUBREL is never answered)',
  ['MQTT-4.3.3-2', 'MQTT-3.3.4-1'],
);
