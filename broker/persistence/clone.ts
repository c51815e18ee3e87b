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
  if (m.properties !== undefined) copy.properties = cloneBag(m.properties);
  return copy;
}

/** `disconnectedAt` absent is normalised to null, as every backend loads it. */
export function cloneSession(s: SessionRecord): SessionRecord {
  const copy: SessionRecord = { clientId: s.clientId, protocolVersion: s.protocolVersion, createdAt: s.createdAt, disconnectedAt: s.disconnectedAt ?? null };
  if (s.expiryInterval !== undefined) copy.expiryInterval = s.expiryInterval;
  return copy;
}

export function cloneSubscription(s: SubscriptionRecord): SubscriptionRecord {
  const copy: SubscriptionRecord = { clientId: s.clientId, filter: s.filter, qos: s.qos };
  if (s.options !== undefined) copy.options = cloneBag(s.options);
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

/** Deep copy of an opaque property bag; Buffers stay Buffers (structuredClone would make them Uint8Arrays). */
export function cloneBag(bag: Record<string, unknown>): Record<string, unknown> {
  return cloneValue(bag) as Record<string, unknown>;
}

function cloneValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return Buffer.from(v);
  if (Array.isArray(v)) return v.map(cloneValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneValue(x);
    return out;
  }
  return v;
}
