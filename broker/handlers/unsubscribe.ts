import type { IUnsubscribePacket } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { ProtocolViolationError } from '../model/errors.ts';
import { UNSUBACK } from '../protocol/encode.ts';
import { topicFilterProblem } from '../topics/validate.ts';

export function handleUnsubscribe(conn: Connection, packet: IUnsubscribePacket): void {
  // fixed header flags 0010 are checked by the parser [MQTT-3.10.1-1]
  const broker = conn.broker;
  const session = conn.session!;
  if (packet.messageId === 0) throw new ProtocolViolationError('UNSUBSCRIBE with packet id 0', 'MQTT-2.3.1-1');
  if (packet.unsubscriptions.length === 0) {
    throw new ProtocolViolationError('UNSUBSCRIBE without topic filters', 'MQTT-3.10.3-2');
  }
  for (const filter of packet.unsubscriptions) {
    const problem = topicFilterProblem(filter);
    if (problem !== null) throw new ProtocolViolationError(`invalid topic filter: ${problem}`, 'MQTT-4.7.1-2');
  }
  const writes: Promise<void>[] = [];
  // each filter as its own UNSUBSCRIBE, one UNSUBACK [MQTT-3.10.4-6]
  for (const filter of packet.unsubscriptions) broker.registry.unsubscribe(session, filter, writes);
  const id = packet.messageId!;
  // UNSUBACK with the same id, even when nothing was removed [MQTT-3.10.4-4] [MQTT-3.10.4-5] [MQTT-2.3.1-7]
  conn.ackAfter(writes, () => conn.sendAck(UNSUBACK, id));
}
