// A broker that lets in connections it should refuse: a CONNACK with one of the given return codes
// is rewritten to 0 (session present 0), and the client stays connected after the broker closes.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export function acceptRefusedConnect(name: string, description: string, codes: readonly number[], rules: readonly string[]): Fault {
  const refusals = new Set(codes);
  return {
    name,
    description,
    rules,
    attach(ctx) {
      let rewritten = false;
      return {
        onBrokerPacket(frame) {
          if (frame.type !== PacketType.CONNACK) return undefined;
          const at = frame.headerLength + 1;
          const code = frame.bytes[at];
          if (code === undefined || !refusals.has(code)) return undefined;
          rewritten = true;
          ctx.applied(`CONNACK ${code} → 0`);
          const bytes = Buffer.from(frame.bytes);
          bytes[at - 1] = 0;
          bytes[at] = 0;
          return bytes;
        },
        onBrokerClose: () => (rewritten ? 'keep-client' : undefined),
      };
    },
  };
}
