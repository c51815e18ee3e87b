// Flow control from subscribers back to publishers, and the slow-consumer policy (issue 12).
//
// Design. A publisher can be acknowledged faster than a subscriber's inflight window drains, so the
// subscriber's queue grows. Instead of letting it grow until messages the publisher was already
// acknowledged for are dropped:
//  - When a PUBLISH from a client puts a QoS 1/2 message into the queue of an ONLINE session and that
//    queue reaches the high-water mark, the publishing connection is held: it stops processing PUBLISH
//    (and everything ordered after it) until every session holding it is back at the low-water mark.
//    Acknowledgements it receives (PUBACK, PUBREC, PUBCOMP) and PINGREQ are still processed, so two
//    clients that publish to each other keep draining each other's sessions; once a held connection
//    has buffered `HELD_BYTES_MAX` of unprocessed input it stops reading its socket, and TCP pushes
//    back on the publisher. A subscriber that keeps up (acknowledges) therefore is never dropped: its
//    publishers go at its pace.
//  - A session that holds publishers and makes no progress (no acknowledgement drains its queue) for
//    `slowConsumerMs` is a slow consumer: its publishers are released (logged at warn, counted), and from
//    then on it no longer holds anyone until its queue is back at the low-water mark. Its queue is
//    bounded (below), so it cannot grow memory without bound, and one stuck client cannot stall the rest.
//  - Offline sessions never hold publishers (they may stay away for days); their queue is bounded.
//  - A connection never holds itself (a client subscribed to what it publishes).
//
// Queue bound per session (online or offline): QoS 1/2 messages up to limits.maxQueued; QoS 0 messages
// (queued for offline sessions when limits.queueQos0) only up to half of it, so QoS 0 is dropped before
// QoS 1/2. Every drop is counted ($SYS/broker/publish/messages/dropped), logged at debug, and each
// episode of drops of a session is logged at warn when it starts.
import type { BrokerLimits } from '../model/contracts.ts';
import type { Session } from './session.ts';

/** A publishing connection that can be held until the sessions it feeds have drained. */
export interface Throttle {
  /** Stop processing this connection's PUBLISH packets until `release(session)`. */
  hold(session: Session): void;
  release(session: Session): void;
}

/** Unprocessed input one held connection buffers before it stops reading its socket. */
export const HELD_BYTES_MAX = 1024 * 1024;
/** Default queue length of an online session at which its publishers are held. */
const DEFAULT_HIGH_WATER = 1000;
/** Default time without progress after which a session holding publishers is a slow consumer. */
export const DEFAULT_SLOW_CONSUMER_MS = 2000;

export function highWater(limits: BrokerLimits): number {
  return Math.max(1, Math.min(limits.queueHighWater ?? DEFAULT_HIGH_WATER, Math.floor(limits.maxQueued / 2)));
}

export function lowWater(limits: BrokerLimits): number {
  return Math.floor(highWater(limits) / 2);
}

/** Queue length beyond which a new message of this QoS is dropped. */
export function queueBound(limits: BrokerLimits, qos: number): number {
  return qos === 0 ? Math.floor(limits.maxQueued / 2) : limits.maxQueued;
}

/** Release every publisher `session` holds (it drained, went offline, was discarded, or is slow). */
export function releaseHolders(session: Session): void {
  session.stallTimer?.cancel();
  session.stallTimer = null;
  if (session.holders.size === 0) return;
  const holders = [...session.holders];
  session.holders.clear();
  for (const h of holders) h.release(session);
}
