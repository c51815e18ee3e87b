import type { IPubrecPacket } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { PUBREL } from '../protocol/encode.ts';

/** QoS 2 outbound, step 2: the client has the message; answer PUBREL and remember it [MQTT-4.3.3-1]. */
export function handlePubrec(conn: Connection, packet: IPubrecPacket): void {
  const session = conn.session!;
  const id = packet.messageId ?? 0;
  const entry = session.inflight.get(id);
  if (entry === undefined || entry.message.qos !== 2) {
    conn.broker.logger.log('debug', 'unexpected-pubrec', { clientId: conn.clientId, packetId: id });
    return;
  }
  conn.broker.registry.releaseOutbound(session, entry);
  conn.sendAck(PUBREL, id); // same packet id [MQTT-2.3.1-6]
}
