export { ProbeConnection } from './probe-connection.ts';
export type { ProbeOptions, SilenceOptions } from './probe-connection.ts';
export { Trace, describePacket } from './trace.ts';
export type { TraceEntry, TraceDirection } from './trace.ts';
export { ExpectationError, ConnectError } from './errors.ts';
export { openTransport } from './transport.ts';
