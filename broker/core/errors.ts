// Typed errors of the broker core. Each carries the spec statement it enforces where one applies;
// the connection logs it once and closes.

export class ProtocolViolationError extends Error {
  override readonly name: string = 'ProtocolViolationError';
  constructor(
    readonly reason: string,
    readonly specId?: string,
  ) {
    super(specId ? `${reason} [${specId}]` : reason);
  }
}

/** The bytes on the wire are not a well-formed MQTT packet (includes every mqtt-packet parser error). */
export class MalformedPacketError extends ProtocolViolationError {
  override readonly name = 'MalformedPacketError';
}

export class PacketTooLargeError extends Error {
  override readonly name = 'PacketTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`packet of ${size} bytes exceeds maxPacketSize ${limit}`);
  }
}
