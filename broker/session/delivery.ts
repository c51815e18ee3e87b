// Putting messages on a session's way to its client: straight into the inflight window when the
// client is online and the window has room, otherwise into the session's queue (bounded by
// limits.maxQueued). Persistent sessions (CleanSession=0) write every outbound state change through;
// clean sessions die with their connection, so their inflight state is never written [MQTT-3.1.2-6].
import type { BrokerLimits, Logger } from '../core/contracts.ts';
import type { Persistence, QoS, StoredMessage } from '../persistence/persistence.ts';
import { PublishTemplate } from '../protocol/encode.ts';
import type { OutboundEntry, Session } from './session.ts';

export interface DeliveryContext {
  readonly limits: BrokerLimits;
  readonly logger: Logger;
  readonly persistence: Persistence;
  /** Count one PUBLISH sent to a client ($SYS messages/sent). */
  countSent(): void;
  /** A write nobody awaits: log if it fails. */
  background(write: Promise<void>): void;
}

/** OutboundEntry plus the shared encoding of its variant; the template is never persisted. */
export interface TemplatedEntry extends OutboundEntry {
  template?: PublishTemplate;
}

/**
 * Hand `message` (already carrying the delivery QoS and RETAIN flag) to `session`. Writes that must be
 * durable before the publisher is acknowledged are pushed onto `writes` [MQTT-4.5.0-1].
 */
export function deliver(
  ctx: DeliveryContext,
  session: Session,
  message: StoredMessage,
  writes: Promise<void>[] | null,
  template?: PublishTemplate,
): void {
  const link = session.link;
  if (message.qos === 0) {
    if (link !== null) {
      if (link.sendQos0(template ? template.bytes : qos0Bytes(message))) ctx.countSent();
      return;
    }
    // QoS 0 for an offline persistent session only when configured [MQTT-3.1.2-5]
    if (session.clean || !ctx.limits.queueQos0) return;
  }
  const entry: TemplatedEntry = { seq: session.nextSeq++, packetId: null, state: 'queued', message };
  if (template) entry.template = template;
  if (link !== null && session.queue.length === 0 && session.inflight.size < ctx.limits.maxInflight) {
    entry.packetId = session.allocatePacketId(); // a new packet id, DUP 0 [MQTT-4.3.2-1]
    entry.state = 'sent';
    session.inflight.set(entry.packetId, entry);
    link.sendEntry(entry, false);
    ctx.countSent();
  } else {
    if (session.queue.length >= ctx.limits.maxQueued) {
      if (!session.dropLogged) {
        session.dropLogged = true;
        ctx.logger.log('warn', 'queue-full', {
          clientId: session.clientId,
          maxQueued: ctx.limits.maxQueued,
          topic: message.topic,
          qos: message.qos,
        });
      }
      return;
    }
    session.queue.push(entry); // FIFO per session: every topic is an Ordered Topic [MQTT-4.6.0-5] [MQTT-4.6.0-6]
  }
  if (session.persistent) {
    const write = ctx.persistence.saveOutbound(session.outboundRecord(entry));
    if (writes) writes.push(write);
    else ctx.background(write);
  }
}

/** One-entry cache: a queued QoS 0 message drained to many sessions is encoded once. */
let lastQos0: { message: StoredMessage; bytes: Buffer } | null = null;
function qos0Bytes(message: StoredMessage): Buffer {
  if (lastQos0?.message === message) return lastQos0.bytes;
  const bytes = new PublishTemplate(message.topic, message.payload, 0, message.retain).bytes;
  lastQos0 = { message, bytes };
  return bytes;
}

/** Move queued entries into the inflight window while the client is online and there is room. */
export function drain(ctx: DeliveryContext, session: Session): void {
  const link = session.link;
  if (link === null) return;
  while (session.queue.length > 0 && session.inflight.size < ctx.limits.maxInflight) {
    const entry = session.queue.shift()!;
    session.dropLogged = false;
    if (entry.message.qos === 0) {
      if (link.sendQos0(qos0Bytes(entry.message))) ctx.countSent();
      if (session.persistent) ctx.background(ctx.persistence.deleteOutbound(session.clientId, entry.seq));
      continue;
    }
    entry.packetId = session.allocatePacketId();
    entry.state = 'sent';
    session.inflight.set(entry.packetId, entry);
    link.sendEntry(entry, false);
    ctx.countSent();
    if (session.persistent) ctx.background(ctx.persistence.saveOutbound(session.outboundRecord(entry)));
  }
}

/**
 * On reconnect of a persistent session: re-send every unacknowledged PUBLISH with DUP=1 and its
 * original packet id, and every PUBREL, in the order they were first sent [MQTT-4.4.0-1].
 */
export function resendInflight(ctx: DeliveryContext, session: Session): void {
  const link = session.link;
  if (link === null) return;
  for (const entry of session.inflight.values()) {
    link.sendEntry(entry, entry.state === 'sent'); // DUP only on re-delivery [MQTT-3.3.1.-1]
    if (entry.state === 'sent') ctx.countSent();
  }
}

/** The QoS a subscriber receives: min(publish QoS, granted QoS) [MQTT-3.8.4-6]. */
export function deliveryQos(published: QoS, granted: QoS): QoS {
  return published < granted ? published : granted;
}
