import type { IPubcompPacket } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { drain } from '../session/delivery.ts';

/** QoS 2 outbound, done: forget the message, refill the inflight window. */
export function handlePubcomp(conn: Connection, packet: IPubcompPacket): void {
  const session = conn.session!;
  const id = packet.messageId ?? 0;
  const entry = session.inflight.get(id);
  if (entry === undefined || entry.state !== 'released') {
    conn.broker.logger.log('debug', 'unexpected-pubcomp', { clientId: conn.clientId, packetId: id });
    return;
  }
  conn.broker.registry.completeOutbound(session, id, entry);
  drain(conn.broker, session);
}
