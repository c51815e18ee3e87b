// Putting messages on a session's way to its client: straight into the inflight window when the
// client is online and the window has room, otherwise into the session's queue (bounded by
// limits.maxQueued). Persistent sessions (CleanSession=0) write every outbound state change through;
// clean sessions die with their connection, so their inflight state is never written [MQTT-3.1.2-6].
import type { Authorizer, BrokerLimits, Clock, Logger } from '../model/contracts.ts';
import type { QoS, StoredMessage } from '../model/messages.ts';
import { PublishTemplate } from '../protocol/encode.ts';
import { DEFAULT_SLOW_CONSUMER_MS, highWater, lowWater, queueBound, releaseHolders } from './flow-control.ts';
import type { Throttle } from './flow-control.ts';
import type { SessionJournal } from './session-registry.ts';
import type { OutboundEntry, Session } from './session.ts';

/** Why a message was not delivered to one session. */
export type DropReason = 'queue-full' | 'qos0-backlog';

export interface DeliveryContext {
  readonly limits: BrokerLimits;
  readonly logger: Logger;
  /** Write-through of outbound state for persistent sessions (the session registry). */
  readonly journal: SessionJournal;
  readonly clock: Clock;
  readonly authorizer: Authorizer;
  /** Count one message not sent to a client its ACL does not let read it. */
  countReadDenied(): void;
  /** Count one PUBLISH sent to a client ($SYS messages/sent). */
  countSent(qos: QoS): void;
  /** Count one message dropped for one session ($SYS publish/messages/dropped). */
  countDropped(reason: DropReason): void;
  /** Count one session found to be a slow consumer. */
  countSlowConsumer(): void;
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
  origin: Throttle | null = null,
): void {
  if (!mayRead(ctx, session, message)) return;
  const link = session.link;
  if (message.qos === 0) {
    if (link !== null) {
      if (link.sendQos0(template ? template.bytes : qos0Bytes(message))) ctx.countSent(0);
      else dropped(ctx, session, message, 'qos0-backlog');
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
    ctx.countSent(entry.message.qos);
  } else {
    if (session.queue.length >= queueBound(ctx.limits, message.qos)) {
      dropped(ctx, session, message, 'queue-full');
      return;
    }
    session.queue.push(entry); // FIFO per session: every topic is an Ordered Topic [MQTT-4.6.0-5] [MQTT-4.6.0-6]
    if (origin !== null && link !== null && link !== (origin as unknown) && !session.slow && session.queue.length >= highWater(ctx.limits)) {
      hold(ctx, session, origin);
    }
  }
  if (session.persistent) {
    const write = ctx.journal.saveOutbound(session, entry);
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

/**
 * The read ACL, per message and per receiving client, on every path (live, retained, queue drained on
 * reconnect, resent inflight, wills, $SYS): a denied message is dropped for this client only, logged at
 * debug and counted.
 */
function mayRead(ctx: DeliveryContext, session: Session, message: StoredMessage): boolean {
  if (ctx.authorizer.canRead(session.clientId, session.username, message.topic)) return true;
  ctx.countReadDenied();
  ctx.logger.log('debug', 'read-denied', { clientId: session.clientId, username: session.username, topic: message.topic });
  return false;
}

/** A message not delivered to `session`: counted, logged at debug, and at warn once per episode. */
function dropped(ctx: DeliveryContext, session: Session, message: StoredMessage, reason: DropReason): void {
  ctx.countDropped(reason);
  ctx.logger.log('debug', 'message-dropped', { clientId: session.clientId, reason, topic: message.topic, qos: message.qos });
  if (reason === 'queue-full' && !session.dropLogged) {
    session.dropLogged = true;
    ctx.logger.log('warn', 'queue-full', {
      clientId: session.clientId,
      maxQueued: ctx.limits.maxQueued,
      topic: message.topic,
      qos: message.qos,
    });
  }
}

/** Hold `origin` until `session` drains; arm the slow-consumer check (flow-control.ts). */
function hold(ctx: DeliveryContext, session: Session, origin: Throttle): void {
  if (session.holders.has(origin)) return;
  if (session.holders.size === 0) session.lastProgressAt = ctx.clock.now();
  session.holders.add(origin);
  origin.hold(session);
  if (session.stallTimer === null) armStallCheck(ctx, session, ctx.limits.slowConsumerMs ?? DEFAULT_SLOW_CONSUMER_MS);
}

function armStallCheck(ctx: DeliveryContext, session: Session, delayMs: number): void {
  session.stallTimer = ctx.clock.setTimeout(() => {
    session.stallTimer = null;
    if (session.holders.size === 0) return;
    const limitMs = ctx.limits.slowConsumerMs ?? DEFAULT_SLOW_CONSUMER_MS;
    const idle = ctx.clock.now() - session.lastProgressAt;
    if (idle < limitMs) {
      armStallCheck(ctx, session, limitMs - idle);
      return;
    }
    session.slow = true;
    ctx.countSlowConsumer();
    ctx.logger.log('warn', 'slow-consumer', {
      clientId: session.clientId,
      queued: session.queue.length,
      idleMs: idle,
      released: session.holders.size,
    });
    releaseHolders(session);
  }, delayMs);
}

/** Move queued entries into the inflight window while the client is online and there is room. */
export function drain(ctx: DeliveryContext, session: Session): void {
  const link = session.link;
  if (link === null) return;
  const before = session.queue.length;
  while (session.queue.length > 0 && session.inflight.size < ctx.limits.maxInflight) {
    const entry = session.queue.shift()!;
    session.dropLogged = false;
    // queued while offline, perhaps for another user of this client id: checked again as it leaves
    if (!mayRead(ctx, session, entry.message)) {
      if (session.persistent) ctx.background(ctx.journal.deleteOutbound(session, entry.seq));
      continue;
    }
    if (entry.message.qos === 0) {
      if (link.sendQos0(qos0Bytes(entry.message))) ctx.countSent(0);
      else dropped(ctx, session, entry.message, 'qos0-backlog');
      if (session.persistent) ctx.background(ctx.journal.deleteOutbound(session, entry.seq));
      continue;
    }
    entry.packetId = session.allocatePacketId();
    entry.state = 'sent';
    session.inflight.set(entry.packetId, entry);
    link.sendEntry(entry, false);
    ctx.countSent(entry.message.qos);
    if (session.persistent) ctx.background(ctx.journal.saveOutbound(session, entry));
  }
  if (session.queue.length === before) return;
  if (session.holders.size > 0) session.lastProgressAt = ctx.clock.now();
  if (session.queue.length <= lowWater(ctx.limits)) {
    session.slow = false;
    releaseHolders(session);
  }
}

/**
 * On reconnect of a persistent session: re-send every unacknowledged PUBLISH with DUP=1 and its
 * original packet id, and every PUBREL, in the order they were first sent [MQTT-4.4.0-1].
 */
export function resendInflight(ctx: DeliveryContext, session: Session): void {
  const link = session.link;
  if (link === null) return;
  for (const entry of [...session.inflight.values()]) {
    if (entry.state === 'sent' && !mayRead(ctx, session, entry.message)) {
      session.inflight.delete(entry.packetId!);
      if (session.persistent) ctx.background(ctx.journal.deleteOutbound(session, entry.seq));
      continue;
    }
    link.sendEntry(entry, entry.state === 'sent'); // DUP only on re-delivery [MQTT-3.3.1.-1]
    if (entry.state === 'sent') ctx.countSent(entry.message.qos);
  }
}

/** The QoS a subscriber receives: min(publish QoS, granted QoS) [MQTT-3.8.4-6]. */
export function deliveryQos(published: QoS, granted: QoS): QoS {
  return published < granted ? published : granted;
}
