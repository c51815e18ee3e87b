// The publish path as a short list of named steps, run in order for every application message the
// broker takes ownership of (client PUBLISH, will, $SYS).
import type { QoS, StoredMessage } from '../model/messages.ts';
import { PublishTemplate } from '../protocol/encode.ts';
import { deliver } from '../session/delivery.ts';
import type { Throttle } from '../session/flow-control.ts';
import type { Session } from '../session/session.ts';
import type { BrokerCore } from './broker-core.ts';

export interface Publication {
  message: StoredMessage;
  /** Writes the publisher's acknowledgement waits for; null when nobody waits. */
  writes: Promise<void>[] | null;
  /** False for messages not worth a disk write ($SYS). */
  persist: boolean;
  /** The client connection that published it (flow control), null for wills and $SYS. */
  origin: Throttle | null;
}

export type PublishStep = (broker: BrokerCore, pub: Publication) => void;

/** RETAIN=1: store, replace, or delete on an empty payload; RETAIN=0 leaves the store alone. */
export const storeRetained: PublishStep = (broker, { message, writes, persist }) => {
  if (!message.retain) return; // [MQTT-3.3.1-12]
  let write: Promise<void> | null = null;
  if (message.payload.length === 0) {
    // a zero-byte retained message removes the retained message and is not stored [MQTT-3.3.1-10] [MQTT-3.3.1-11]
    if (broker.retained.delete(message.topic) && persist) write = broker.persistence.deleteRetained(message.topic);
  } else {
    // store message and QoS [MQTT-3.3.1-5]; a QoS 0 message replaces too [MQTT-3.3.1-7]
    const stored: StoredMessage = { ...message, payload: Buffer.from(message.payload), retain: true };
    broker.retained.set(stored);
    if (persist) write = broker.persistence.saveRetained(stored);
  }
  if (write === null) return;
  if (writes) writes.push(write);
  else broker.background(write);
};

/**
 * Every session with a matching subscription gets one copy at min(publish QoS, granted QoS), the
 * highest granted QoS when several of its filters match [MQTT-3.3.5-1] [MQTT-3.8.4-6] [MQTT-4.5.0-1].
 * RETAIN is 0 on normal forwarding [MQTT-3.3.1-9]; DUP is 0, whatever the incoming DUP [MQTT-3.3.1-3];
 * the topic name is the publisher's, matched by the subscriber's filter [MQTT-3.3.2-3]. Each variant is
 * encoded once for the fan-out.
 */
export const deliverToSubscribers: PublishStep = (broker, { message, writes, origin }) => {
  const matches = new Map<Session, QoS>();
  broker.trie.match(message.topic, (session, qos) => {
    const prev = matches.get(session);
    if (prev === undefined || qos > prev) matches.set(session, qos);
  });
  if (matches.size === 0) return;
  const variants: (StoredMessage | undefined)[] = [undefined, undefined, undefined];
  const templates: (PublishTemplate | undefined)[] = [undefined, undefined, undefined];
  for (const [session, granted] of matches) {
    const qos: QoS = message.qos < granted ? message.qos : granted;
    const variant = (variants[qos] ??=
      qos === message.qos && !message.retain ? message : { ...message, qos, retain: false });
    const template = (templates[qos] ??= new PublishTemplate(message.topic, message.payload, qos, false));
    deliver(broker, session, variant, writes, template, origin);
  }
};

export const PUBLISH_STEPS: readonly PublishStep[] = [storeRetained, deliverToSubscribers];
