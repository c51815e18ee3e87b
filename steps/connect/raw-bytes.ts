// A CONNECT built byte by byte, so a scenario can break exactly one of its rules.
import { lengthPrefixed, packet, uint16, utf8Field } from '../support/raw-fields.ts';

export { hexBytes } from '../support/raw-fields.ts';

export interface RawConnect {
  protocolName: string;
  protocolLevel: number;
  /** The Connect Flags byte exactly as sent (bit 0 reserved, 1 clean, 2 will, 3-4 will QoS, 5 will retain, 6 password, 7 user name). */
  flags: number;
  keepalive: number;
  clientId: Buffer;
  /** Payload fields after the client id, in this order, present only when given. */
  willTopic?: string;
  willMessage?: string;
  username?: string;
  password?: string;
}

export function connectPacket(connect: RawConnect): Buffer {
  const parts: Buffer[] = [
    utf8Field(connect.protocolName),
    Buffer.from([connect.protocolLevel, connect.flags]),
    uint16(connect.keepalive),
    lengthPrefixed(connect.clientId),
  ];
  if (connect.willTopic !== undefined) parts.push(utf8Field(connect.willTopic));
  if (connect.willMessage !== undefined) parts.push(utf8Field(connect.willMessage));
  if (connect.username !== undefined) parts.push(utf8Field(connect.username));
  if (connect.password !== undefined) parts.push(utf8Field(connect.password));
  return packet(0x10, Buffer.concat(parts));
}
