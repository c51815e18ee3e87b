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

export function stubConnection(fault: Fault): StubConnection {
  const toClient: Outgoing[] = [];
  const toBroker: Outgoing[] = [];
  const applied: string[] = [];
  const ctx: FaultContext = {
    connectionId: 1,
    transport: 'mqtt',
    protocolVersion: 4,
    shared: new Map(),
    clientSentDisconnect: false,
    parse: (frame) => decodeBytes(frame.bytes)[0],
    encode: (packet) => mqttPacket.generate(packet, { protocolVersion: 4 }),
    sendToClient: (data) => toClient.push(data),
    sendToBroker: (data) => toBroker.push(data),
    closeClient: () => undefined,
    closeBroker: () => undefined,
    applied: (detail) => applied.push(detail),
    setTimeout: () => undefined,
    setInterval: () => undefined,
  };
  const hooks = fault.attach(ctx);
  const frameOf = (packet: Packet) => makeFrame(mqttPacket.generate(packet, { protocolVersion: 4 }));
  return {
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
