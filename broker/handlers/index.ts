// The one dispatcher: a switch on packet.cmd narrows the packet type for each handler.
import type { Packet } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { ProtocolViolationError } from '../model/errors.ts';
import { handleConnect } from './connect.ts';
import { handleDisconnect } from './disconnect.ts';
import { handlePingreq } from './pingreq.ts';
import { handlePuback } from './puback.ts';
import { handlePubcomp } from './pubcomp.ts';
import { handlePublish } from './publish.ts';
import { handlePubrec } from './pubrec.ts';
import { handlePubrel } from './pubrel.ts';
import { handleSubscribe } from './subscribe.ts';
import { handleUnsubscribe } from './unsubscribe.ts';

export function dispatch(conn: Connection, packet: Packet): void {
  switch (packet.cmd) {
    case 'connect':
      return handleConnect(conn, packet);
    case 'publish':
      return handlePublish(conn, packet);
    case 'puback':
      return handlePuback(conn, packet);
    case 'pubrec':
      return handlePubrec(conn, packet);
    case 'pubrel':
      return handlePubrel(conn, packet);
    case 'pubcomp':
      return handlePubcomp(conn, packet);
    case 'subscribe':
      return handleSubscribe(conn, packet);
    case 'unsubscribe':
      return handleUnsubscribe(conn, packet);
    case 'pingreq':
      return handlePingreq(conn);
    case 'disconnect':
      return handleDisconnect(conn);
    default:
      // CONNACK, SUBACK, UNSUBACK, PINGRESP, AUTH are never sent by a 3.1.1 client [MQTT-4.8.0-1]
      throw new ProtocolViolationError(`unexpected ${packet.cmd} packet from a client`, 'MQTT-4.8.0-1');
  }
}
