// Small helpers shared by the subscribe, publish and topics steps: per-scenario state that the
// common World does not hold, and "refused" outcomes where the spec allows more than one answer.
import type { Packet } from 'mqtt-packet';
import type { ProbeConnection } from '../../harness/probe/index.ts';
import { ExpectationError } from '../../harness/probe/index.ts';
import type { ConformanceWorld } from '../support/world.ts';

interface AreaState {
  /** The Requested QoS of each filter of a client's last SUBSCRIBE, in order. */
  requested: Map<string, number[]>;
  /** Packet ids of the last burst of PUBLISHes a client sent without waiting. */
  burstIds: Map<string, number[]>;
}

const states = new WeakMap<ConformanceWorld, AreaState>();

export function areaState(world: ConformanceWorld): AreaState {
  let state = states.get(world);
  if (state === undefined) {
    state = { requested: new Map(), burstIds: new Map() };
    states.set(world, state);
  }
  return state;
}

/**
 * Resolves a topic or filter written in a scenario: `{prefix}` is replaced by the scenario's own
 * prefix (for names that must start elsewhere, e.g. `/{prefix}/a` or `+/{prefix}/a`); any other
 * text is placed under the prefix; "" stays empty (a zero-length name or filter); `\u{hex}` is a code point.
 */
export function resolveTopic(world: ConformanceWorld, text: string): string {
  if (text === '') return '';
  // `\u{301}` writes a code point that would be invisible in a feature file (e.g. a combining accent).
  const decoded = text.replace(/\\u\{([0-9a-fA-F]{1,6})\}/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)));
  if (decoded.includes('{prefix}')) return decoded.replaceAll('{prefix}', world.prefix);
  return world.topic(decoded);
}

export type Outcome = { kind: 'packet'; packet: Packet } | { kind: 'closed' };

/** Waits for a matching packet or the broker closing the connection, whichever comes first. */
export async function packetOrClose(client: ProbeConnection, match: (p: Packet) => boolean, timeoutMs: number, expected: string): Promise<Outcome> {
  let settled = false;
  return new Promise<Outcome>((resolve, reject) => {
    const finish = (outcome: Outcome | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(
      () => finish(new ExpectationError(`${client.name} to receive ${expected} or the broker to close the connection within ${timeoutMs} ms`, client.describeInbox())),
      timeoutMs,
    );
    client.expect(match, timeoutMs + 50, expected).then((packet) => finish({ kind: 'packet', packet }), () => undefined);
    client.waitClosed(timeoutMs + 50).then(() => finish({ kind: 'closed' }), () => undefined);
  });
}
