// Typed errors shared by the protocol layer and the core. Each carries the spec statement it enforces
// where one applies; the connection logs it once and closes.

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

/** A session write refused because another node (or a newer claim) owns the client id now. */
export class StaleOwnerError extends Error {
  override readonly name = 'StaleOwnerError';
  constructor(
    readonly clientId: string,
    readonly nodeId: string,
    readonly epoch: number,
    readonly currentEpoch: number,
  ) {
    super(`session ${clientId}: node ${nodeId} holds epoch ${epoch}, but epoch ${currentEpoch} owns it now`);
  }
}
