// Checks that need the raw bytes of a packet, because mqtt-packet's parser either refuses the packet
// without telling us why (protocol level) or decodes strings leniently (ill-formed UTF-8 becomes
// U+FFFD). Each works on one complete frame from the Framer.

export interface ProtocolHeader {
  /** Protocol name as bytes-decoded text, or null when the frame is too short to hold it. */
  name: string | null;
  level: number;
}

function headerLength(frame: Buffer): number {
  let i = 1;
  while (i < 5 && (frame[i]! & 0x80) !== 0) i++;
  return i + 1;
}

/** Protocol name and level of a CONNECT frame (read before the parser sees it). */
export function readProtocolHeader(frame: Buffer): ProtocolHeader {
  const pos = headerLength(frame);
  if (frame.length < pos + 2) return { name: null, level: -1 };
  const len = frame.readUInt16BE(pos);
  if (frame.length < pos + 2 + len + 1) return { name: null, level: -1 };
  return { name: frame.toString('latin1', pos + 2, pos + 2 + len), level: frame[pos + 2 + len]! };
}

/**
 * Packets whose Remaining Length the 3.1.1 spec fixes: PUBACK, PUBREC, PUBREL, PUBCOMP carry exactly
 * a packet id (2), PINGREQ and DISCONNECT nothing (0). mqtt-packet ignores extra bytes; the broker
 * treats them as malformed [MQTT-4.8.0-1]. Returns the required length, or -1 when the type has none.
 */
export function fixedRemainingLength(typeByte: number): number {
  switch (typeByte >> 4) {
    case 4:
    case 5:
    case 6:
    case 7:
      return 2;
    case 12:
    case 14:
      return 0;
    default:
      return -1;
  }
}

/** Remaining Length of a complete frame (its bytes after the fixed header). */
export function remainingLength(frame: Buffer): number {
  return frame.length - headerLength(frame);
}

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function wellFormed(buf: Buffer, start: number, end: number): boolean {
  try {
    fatal.decode(buf.subarray(start, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * True when a UTF-8 string field of a CONNECT, PUBLISH, SUBSCRIBE or UNSUBSCRIBE frame is ill-formed
 * (invalid sequences, overlong forms, surrogates U+D800..U+DFFF) [MQTT-1.5.3-1]. Only worth calling
 * when a decoded string contains U+FFFD: well-formed input never decodes to it unless it was sent.
 */
export function hasIllFormedUtf8(frame: Buffer): boolean {
  const type = frame[0]! >> 4;
  let pos = headerLength(frame);
  const end = frame.length;
  const str = (): boolean => {
    if (pos + 2 > end) return true;
    const len = frame.readUInt16BE(pos);
    const ok = pos + 2 + len <= end && wellFormed(frame, pos + 2, pos + 2 + len);
    pos += 2 + len;
    return ok;
  };
  const skipBinary = (): void => {
    if (pos + 2 <= end) pos += 2 + frame.readUInt16BE(pos);
  };
  switch (type) {
    case 1: {
      if (!str()) return true; // protocol name
      const flags = frame[pos + 1] ?? 0;
      pos += 4; // level, flags, keepalive
      if (!str()) return true; // client id
      if (flags & 0x04) {
        if (!str()) return true; // will topic
        skipBinary(); // will payload
      }
      if (flags & 0x80 && !str()) return true; // user name
      return false;
    }
    case 3:
      return !str(); // topic name
    case 8:
    case 10:
      pos += 2; // packet id
      while (pos < end) {
        if (!str()) return true;
        if (type === 8) pos += 1; // requested QoS
      }
      return false;
    default:
      return false;
  }
}
