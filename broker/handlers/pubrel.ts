import type { IPubrelPacket } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { PUBCOMP } from '../protocol/encode.ts';

/** QoS 2 inbound, step 3: forget the packet id (durably), then PUBCOMP [MQTT-4.3.3-2]. */
export function handlePubrel(conn: Connection, packet: IPubrelPacket): void {
  // fixed header flags 0010 are checked by the parser [MQTT-3.6.1-1]
  const session = conn.session!;
  const id = packet.messageId ?? 0;
  const writes: Promise<void>[] = [];
  conn.broker.registry.releaseQos2(session, id, writes);
  // PUBCOMP even for an unknown id: the client may be re-sending after a reconnect
  conn.ackAfter(writes, () => conn.sendAck(PUBCOMP, id));
}
