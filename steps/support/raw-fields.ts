// The fields of MQTT's wire format, written byte by byte, for scenarios that must send what a
// well-behaved encoder refuses to produce (reserved bits, contradictory flags, ill-formed strings,
// bad lengths). Pure functions, shared by every step folder that builds raw packets.

/** A length-prefixed field (MQTT "UTF-8 encoded string" layout) around arbitrary bytes. */
export function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export function utf8Field(text: string): Buffer {
  return lengthPrefixed(Buffer.from(text, 'utf8'));
}

export function uint16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

/** The variable-length Remaining Length encoding (MQTT 3.1.1 section 2.2.3). */
export function remainingLength(length: number): Buffer {
  const bytes: number[] = [];
  let rest = length;
  do {
    let digit = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) digit |= 0x80;
    bytes.push(digit);
  } while (rest > 0);
  return Buffer.from(bytes);
}

/** A complete packet: first byte (type and flags), remaining length, body. */
export function packet(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), remainingLength(body.length), body]);
}

/** "61 62 ff" → bytes; whitespace ignored. */
export function hexBytes(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`"${text}" is not a sequence of hex bytes`);
  return Buffer.from(clean, 'hex');
}
