import type { ISubscribePacket } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { ProtocolViolationError } from '../model/errors.ts';
import type { QoS } from '../model/messages.ts';
import { encodeSuback } from '../protocol/encode.ts';
import { SUBACK_FAILURE } from '../protocol/return-codes.ts';
import { topicFilterProblem } from '../topics/validate.ts';

/** Wildcard filters are supported [MQTT-3.8.3-2]; every QoS up to 2 is granted. */
const MAX_QOS: QoS = 2;

export function handleSubscribe(conn: Connection, packet: ISubscribePacket): void {
  // fixed header flags 0010 [MQTT-3.8.1-1] and reserved bits / QoS 3 in requested QoS [MQTT-3-8.3-4] are checked by the parser
  const broker = conn.broker;
  const session = conn.session!;
  if (packet.messageId === 0) throw new ProtocolViolationError('SUBSCRIBE with packet id 0', 'MQTT-2.3.1-1');
  if (packet.subscriptions.length === 0) {
    throw new ProtocolViolationError('SUBSCRIBE without topic filters', 'MQTT-3.8.3-3');
  }
  // An invalid filter is a protocol violation of the whole packet, so close rather than answer 0x80:
  // [MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.3-1] [MQTT-1.5.3-2] are MUSTs on the sender and
  // [MQTT-4.8.0-1] says to close on a protocol violation (Mosquitto does the same).
  for (const s of packet.subscriptions) {
    const problem = topicFilterProblem(s.topic);
    if (problem !== null) throw new ProtocolViolationError(`invalid topic filter: ${problem}`, 'MQTT-4.7.1-2');
  }
  const writes: Promise<void>[] = [];
  const codes: number[] = [];
  const granted: [string, QoS][] = [];
  let overLimit = 0;
  // one packet with several filters is handled as a sequence of SUBSCRIBEs, one SUBACK [MQTT-3.8.4-4]
  for (const s of packet.subscriptions) {
    if (!broker.authorizer.canSubscribe(conn.clientId, conn.username, s.topic)) {
      broker.logger.log('info', 'subscribe-denied', { clientId: conn.clientId, username: conn.username, filter: s.topic });
      codes.push(SUBACK_FAILURE); // [MQTT-3.9.3-2]
      continue;
    }
    // A flood of subscriptions: a new filter beyond the limit fails (0x80) instead of growing without bound;
    // replacing an existing subscription is always allowed.
    if (!session.subscriptions.has(s.topic) && session.subscriptions.size >= broker.limits.maxSubscriptions) {
      overLimit++;
      codes.push(SUBACK_FAILURE);
      continue;
    }
    const qos = (s.qos > MAX_QOS ? MAX_QOS : s.qos) as QoS;
    broker.registry.subscribe(session, s.topic, qos, writes);
    codes.push(qos); // [MQTT-3.8.4-5]
    granted.push([s.topic, qos]);
  }
  if (overLimit > 0) {
    broker.logger.log('warn', 'subscription-limit', { clientId: conn.clientId, refused: overLimit, maxSubscriptions: broker.limits.maxSubscriptions });
  }
  const id = packet.messageId!;
  conn.ackAfter(writes, () => {
    // same packet id [MQTT-3.8.4-2] [MQTT-2.3.1-7], one code per filter in order [MQTT-3.9.3-1]
    conn.sendBytes(encodeSuback(id, codes)); // [MQTT-3.8.4-1]
    for (const [filter, qos] of granted) broker.sendRetained(session, filter, qos); // [MQTT-3.3.1-6] [MQTT-3.8.4-3]
  });
}
