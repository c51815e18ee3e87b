// The core's typed errors live in the leaf module broker/model (shared with the protocol layer).
export { MalformedPacketError, PacketTooLargeError, ProtocolViolationError, StaleOwnerError } from '../model/errors.ts';
