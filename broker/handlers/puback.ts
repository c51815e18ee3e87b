import type { IPubackPacket } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { drain } from '../session/delivery.ts';

/** QoS 1 delivery acknowledged: forget the message, refill the inflight window. */
export function handlePuback(conn: Connection, packet: IPubackPacket): void {
  const session = conn.session!;
  const id = packet.messageId ?? 0;
  const entry = session.inflight.get(id);
  if (entry === undefined || entry.message.qos !== 1) {
    conn.broker.logger.log('debug', 'unexpected-puback', { clientId: conn.clientId, packetId: id });
    return;
  }
  conn.broker.registry.completeOutbound(session, id, entry);
  drain(conn.broker, session);
}
