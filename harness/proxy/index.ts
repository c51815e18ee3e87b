// The fault-injecting proxy: a TCP proxy that makes a broker appear to break one rule, so the
// negative controls can prove each scenario detects what it claims to check.
export { FaultProxy, BadUpstreamError, ProxyNotStartedError, TransportMismatchError, parseUpstream } from './fault-proxy.ts';
export { WebSocketStream } from './websocket-stream.ts';
export type { FaultProxyOptions } from './fault-proxy.ts';
export { UnknownFaultError } from './fault.ts';
export type { Fault, FaultContext, FaultEvent, FaultHooks, Outgoing, ProtocolVersion, ProxyTransport, Verdict, WebSocketVerdict } from './fault.ts';
export { FrameReader, PacketType } from './frame-reader.ts';
export type { Frame } from './frame-reader.ts';
export { FAULTS, faultNames, findFault } from './faults/index.ts';
export { proxyMain } from './proxy-main.ts';
export type { ProxyMainIo } from './proxy-main.ts';
