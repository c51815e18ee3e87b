// Byte-level encoders for packets a well-behaved client library refuses to build: empty or
// invalid topic filters, wildcard topic names, QoS 3, reserved bits, wrong fixed-header flags.
// Every field is written as the spec lays it out, so a scenario can break exactly one rule.

import { packet as frame, uint16 as packetId, utf8Field as utf8String } from '../support/raw-fields.ts';

export interface RawSubscription {
  filter: string;
  /** The whole Requested QoS byte, reserved bits included. */
  optionsByte: number;
}

/** SUBSCRIBE; `flags` is the low nibble of the fixed header (the spec requires 0b0010). */
export function encodeSubscribe(id: number, subscriptions: readonly RawSubscription[], flags = 0b0010): Buffer {
  const payload = subscriptions.map((s) => Buffer.concat([utf8String(s.filter), Buffer.from([s.optionsByte])]));
  return frame(0x80 | flags, Buffer.concat([packetId(id), ...payload]));
}

/** UNSUBSCRIBE; `flags` is the low nibble of the fixed header (the spec requires 0b0010). */
export function encodeUnsubscribe(id: number, filters: readonly string[], flags = 0b0010): Buffer {
  return frame(0xa0 | flags, Buffer.concat([packetId(id), ...filters.map(utf8String)]));
}

export interface RawPublish {
  topic: string;
  /** QoS bits as sent, 0..3 (3 is malformed). */
  qos: number;
  dup?: boolean;
  retain?: boolean;
  /** Required when qos > 0. */
  id?: number;
  payload?: Buffer;
}

export function encodePublish(p: RawPublish): Buffer {
  const first = 0x30 | (p.dup === true ? 0x08 : 0) | ((p.qos & 0b11) << 1) | (p.retain === true ? 0x01 : 0);
  const parts = [utf8String(p.topic)];
  if (p.qos > 0) parts.push(packetId(p.id ?? 1));
  parts.push(p.payload ?? Buffer.alloc(0));
  return frame(first, Buffer.concat(parts));
}

/** PUBREL with chosen fixed-header flags (the spec requires 0b0010). */
export function encodePubrel(id: number, flags = 0b0010): Buffer {
  return frame(0x60 | flags, packetId(id));
}
