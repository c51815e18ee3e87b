// Copies of records, so a store never shares mutable objects (or Buffers) with its caller.
import type {
  InboundRecord,
  OutboundRecord,
  SessionRecord,
  StoredMessage,
  SubscriptionRecord,
  WillRecord,
} from './persistence.ts';

export function cloneMessage(m: StoredMessage): StoredMessage {
  const copy: StoredMessage = {
    topic: m.topic,
    payload: Buffer.from(m.payload),
    qos: m.qos,
    retain: m.retain,
    receivedAt: m.receivedAt,
  };
  if (m.properties !== undefined) copy.properties = structuredClone(m.properties);
  return copy;
}

export function cloneSession(s: SessionRecord): SessionRecord {
  return { ...s };
}

export function cloneSubscription(s: SubscriptionRecord): SubscriptionRecord {
  const copy: SubscriptionRecord = { clientId: s.clientId, filter: s.filter, qos: s.qos };
  if (s.options !== undefined) copy.options = structuredClone(s.options);
  return copy;
}

export function cloneOutbound(r: OutboundRecord): OutboundRecord {
  return { clientId: r.clientId, seq: r.seq, packetId: r.packetId, state: r.state, message: cloneMessage(r.message) };
}

export function cloneInbound(r: InboundRecord): InboundRecord {
  return { clientId: r.clientId, packetId: r.packetId };
}

export function cloneWill(w: WillRecord): WillRecord {
  const copy: WillRecord = { clientId: w.clientId, message: cloneMessage(w.message) };
  if (w.delayInterval !== undefined) copy.delayInterval = w.delayInterval;
  return copy;
}
