// Test support: a FaultContext without sockets, for hook-level tests of a fault's logic where no
// real broker produces the packet needed (e.g. mosquitto never answers SUBACK 0x80 for an ACL).
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import type { Fault, FaultContext, FaultHooks, Outgoing, Verdict } from '../fault.ts';
import { makeFrame } from '../frame-reader.ts';

export interface StubConnection {
  readonly hooks: FaultHooks;
  readonly toClient: Outgoing[];
  readonly toBroker: Outgoing[];
  readonly applied: string[];
  runTimers(): void;
  fromBroker(packet: Packet): Verdict;
  fromClient(packet: Packet): Verdict;
  /** A verdict as packets (undefined = forwarded unchanged, [] = dropped). */
  decode(verdict: Verdict, original: Packet): Packet[];
}

function decodeBytes(bytes: Buffer): Packet[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const out: Packet[] = [];
  parser.on('packet', (p: Packet) => out.push(p));
  parser.parse(bytes);
  return out;
}

export interface StubOptions {
  /** State shared with other stubs (one proxy seen from several connections). */
  shared?: Map<string, unknown>;
  connectionId?: number;
  /** Whether the client has sent DISCONNECT (default false). */
  clientSentDisconnect?: boolean;
}

export function stubConnection(fault: Fault, options: StubOptions = {}): StubConnection & { closed: boolean } {
  const toClient: Outgoing[] = [];
  const toBroker: Outgoing[] = [];
  const applied: string[] = [];
  const timers: (() => void)[] = [];
  const state = { closed: false };
  const ctx: FaultContext = {
    connectionId: options.connectionId ?? 1,
    transport: 'mqtt',
    protocolVersion: 4,
    shared: options.shared ?? new Map(),
    get clientSentDisconnect() {
      return options.clientSentDisconnect ?? false;
    },
    parse: (frame) => decodeBytes(frame.bytes)[0],
    encode: (packet) => mqttPacket.generate(packet, { protocolVersion: 4 }),
    sendToClient: (data) => toClient.push(data),
    sendToBroker: (data) => toBroker.push(data),
    closeClient: () => {
      state.closed = true;
    },
    closeBroker: () => undefined,
    applied: (detail) => applied.push(detail),
    setTimeout: (_ms, fn) => timers.push(fn),
    setInterval: () => undefined,
  };
  const hooks = fault.attach(ctx);
  const frameOf = (packet: Packet) => makeFrame(mqttPacket.generate(packet, { protocolVersion: 4 }));
  return {
    get closed() {
      return state.closed;
    },
    /** Runs the timers the fault set (as the event loop would, after the current read). */
    runTimers: () => timers.splice(0).forEach((fn) => fn()),
    hooks,
    toClient,
    toBroker,
    applied,
    fromBroker: (packet) => hooks.onBrokerPacket?.(frameOf(packet)),
    fromClient: (packet) => hooks.onClientPacket?.(frameOf(packet)),
    decode(verdict, original) {
      if (verdict === undefined) return [original];
      if (verdict === 'drop') return [];
      const items = Array.isArray(verdict) ? (verdict as readonly Outgoing[]) : [verdict as Outgoing];
      return items.flatMap((item) => (Buffer.isBuffer(item) ? decodeBytes(item) : [item]));
    },
  };
}
