// Which "close the Network Connection" rules a client frame breaks, read from its bytes: the proxy's
// own judgement of why a broker closed a connection right after it, so a fault can hide the close
// for one rule only. Returns [] for a frame that breaks none of the rules below.
import type { Frame } from '../frame-reader.ts';
import { PacketType } from '../frame-reader.ts';

/** Fixed-header flags required by Table 2.2 (PUBLISH varies; checked separately). */
const REQUIRED_FLAGS: Readonly<Record<number, number>> = {
  [PacketType.CONNECT]: 0, [PacketType.PUBACK]: 0, [PacketType.PUBREC]: 0, [PacketType.PUBREL]: 2,
  [PacketType.PUBCOMP]: 0, [PacketType.SUBSCRIBE]: 2, [PacketType.UNSUBSCRIBE]: 2, [PacketType.PINGREQ]: 0,
  [PacketType.DISCONNECT]: 0,
};

/** The rule of a type's own reserved-flags statement, where the spec has one. */
const FLAG_RULES: Readonly<Record<number, string>> = {
  [PacketType.PUBREL]: 'MQTT-3.6.1-1', [PacketType.SUBSCRIBE]: 'MQTT-3.8.1-1',
  [PacketType.UNSUBSCRIBE]: 'MQTT-3.10.1-1', [PacketType.DISCONNECT]: 'MQTT-3.14.1-1',
};

/** Rules a UTF-8 string's bytes break ([MQTT-1.5.3-1] ill-formed or surrogates, [MQTT-1.5.3-2] U+0000). */
export function stringRules(bytes: Buffer): string[] {
  const rules: string[] = [];
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const roundTrip = Buffer.from(text, 'utf8');
  if (!roundTrip.equals(bytes) || text.includes('\uFFFD')) rules.push('MQTT-1.5.3-1');
  if (bytes.includes(0)) rules.push('MQTT-1.5.3-2');
  return rules;
}

/** Reads the length-prefixed strings of a SUBSCRIBE / UNSUBSCRIBE payload (with the QoS byte after each for SUBSCRIBE). */
function filterRules(frame: Frame, withQos: boolean): string[] {
  const rules = new Set<string>();
  let at = frame.headerLength + 2;
  const end = frame.bytes.length;
  if (at >= end) rules.add('MQTT-4.8.0-1'); // no topic filter at all
  while (at + 2 <= end) {
    const length = frame.bytes.readUInt16BE(at);
    const filter = frame.bytes.subarray(at + 2, at + 2 + length);
    if (at + 2 + length > end) {
      rules.add('MQTT-4.8.0-1');
      break;
    }
    if (length === 0) rules.add('MQTT-4.7.3-1');
    for (const r of stringRules(filter)) rules.add(r);
    at += 2 + length;
    if (withQos) {
      const qos = frame.bytes[at];
      if (qos === undefined) rules.add('MQTT-4.8.0-1');
      else if ((qos & 0xfc) !== 0) rules.add('MQTT-3-8.3-4');
      else if (qos === 3) rules.add('MQTT-4.8.0-1');
      at += 1;
    }
  }
  return [...rules];
}

function publishRules(frame: Frame): string[] {
  const rules: string[] = [];
  const qos = (frame.flags >> 1) & 0x03;
  if (qos === 3) rules.push('MQTT-3.3.1-4');
  const at = frame.headerLength;
  if (at + 2 > frame.bytes.length) return [...rules, 'MQTT-3.3.2-1'];
  const length = frame.bytes.readUInt16BE(at);
  if (at + 2 + length > frame.bytes.length) return [...rules, 'MQTT-3.3.2-1'];
  const topic = frame.bytes.subarray(at + 2, at + 2 + length);
  if (length === 0) rules.push('MQTT-4.7.3-1');
  rules.push(...stringRules(topic));
  if (topic.includes(0x2b) || topic.includes(0x23)) rules.push('MQTT-3.3.2-2', 'MQTT-4.7.1-1');
  if (qos > 0 && qos < 3) {
    const id = at + 2 + length + 2 <= frame.bytes.length ? frame.bytes.readUInt16BE(at + 2 + length) : undefined;
    if (id === 0) rules.push('MQTT-2.3.1-1');
  }
  return rules;
}

/**
 * The rules a client frame after CONNECT breaks (each a "close the connection" rule), plus
 * [MQTT-4.8.0-1], the general rule, for any of them.
 */
export function violatedRules(frame: Frame): string[] {
  const rules = new Set<string>();
  if (frame.type === 0 || frame.type === PacketType.AUTH || frame.type === PacketType.CONNACK || frame.type === PacketType.SUBACK ||
    frame.type === PacketType.UNSUBACK || frame.type === PacketType.PINGRESP) {
    rules.add('MQTT-4.8.0-1'); // a reserved type, or a packet only a server sends
  }
  if (frame.type === PacketType.PUBLISH) {
    for (const r of publishRules(frame)) rules.add(r);
  } else {
    const required = REQUIRED_FLAGS[frame.type];
    if (required !== undefined && frame.flags !== required) {
      rules.add('MQTT-2.2.2-1');
      rules.add('MQTT-2.2.2-2');
      const own = FLAG_RULES[frame.type];
      if (own !== undefined) rules.add(own);
    }
  }
  if (frame.type === PacketType.SUBSCRIBE || frame.type === PacketType.UNSUBSCRIBE) {
    if (frame.headerLength + 2 <= frame.bytes.length && frame.bytes.readUInt16BE(frame.headerLength) === 0) rules.add('MQTT-2.3.1-1');
    for (const r of filterRules(frame, frame.type === PacketType.SUBSCRIBE)) rules.add(r);
  }
  if (frame.type === PacketType.DISCONNECT && frame.bytes.length > 2) rules.add('MQTT-4.8.0-1');
  if (rules.size > 0) rules.add('MQTT-4.8.0-1');
  return [...rules];
}

/** Rules a CONNECT frame's flags byte breaks: [MQTT-3.1.2-3] the reserved flag. */
export function connectFlagRules(frame: Frame, flagsOffset: number | undefined): string[] {
  if (flagsOffset === undefined) return [];
  return ((frame.bytes[flagsOffset] ?? 0) & 0x01) !== 0 ? ['MQTT-3.1.2-3'] : [];
}
