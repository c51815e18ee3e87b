import type { IPublishPacket } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { ProtocolViolationError } from '../model/errors.ts';
import type { QoS, StoredMessage } from '../model/messages.ts';
import { PUBACK, PUBREC } from '../protocol/encode.ts';
import { topicNameProblem } from '../topics/validate.ts';

/**
 * PUBLISH from a client. QoS 2 uses method A: deliver on receipt, remember the packet id until PUBREL
 * so that a re-sent PUBLISH (DUP=1) is acknowledged but not delivered twice [MQTT-4.3.3-2].
 */
export function handlePublish(conn: Connection, packet: IPublishPacket): void {
  const broker = conn.broker;
  // QoS 3 is refused by the parser [MQTT-3.3.1-4]; the topic is a well-formed UTF-8 string [MQTT-3.3.2-1]
  const problem = topicNameProblem(packet.topic);
  if (problem !== null) {
    // no wildcards in a topic name [MQTT-3.3.2-2], at least one character [MQTT-4.7.3-1], no U+0000 [MQTT-1.5.3-2]
    throw new ProtocolViolationError(`invalid topic name in PUBLISH: ${problem}`, 'MQTT-3.3.2-2');
  }
  const qos = packet.qos as QoS;
  const id = packet.messageId ?? 0;
  if (qos > 0 && id === 0) throw new ProtocolViolationError('QoS > 0 PUBLISH without packet id', 'MQTT-2.3.1-1');
  broker.counters.messagesReceived++;
  broker.counters.receivedByQos[qos]++;
  const session = conn.session!;
  const writes: Promise<void>[] = [];
  if (qos === 2 && session.inboundQos2.has(id)) {
    // already received, PUBREL pending: acknowledge again, deliver nothing [MQTT-4.3.3-2]
    conn.ackAfter(writes, () => conn.sendAck(PUBREC, id));
    return;
  }
  if (broker.authorizer.canPublish(conn.clientId, conn.username, packet.topic)) {
    const message: StoredMessage = {
      topic: packet.topic,
      payload: packet.payload as Buffer,
      qos,
      retain: packet.retain,
      receivedAt: broker.clock.now(),
    };
    broker.publish(message, qos === 0 ? null : writes, true, conn);
  } else {
    // not authorised: acknowledge per QoS as usual, deliver nothing [MQTT-3.3.5-2]
    broker.logger.log('warn', 'publish-denied', { clientId: conn.clientId, username: conn.username, topic: packet.topic });
  }
  // the response follows the QoS of the PUBLISH [MQTT-3.3.4-1]
  if (qos === 1) {
    conn.ackAfter(writes, () => conn.sendAck(PUBACK, id)); // durable before acknowledged [MQTT-4.3.2-2]
  } else if (qos === 2) {
    broker.registry.receiveQos2(session, id, writes);
    conn.ackAfter(writes, () => conn.sendAck(PUBREC, id)); // [MQTT-4.3.3-2]
  }
}
