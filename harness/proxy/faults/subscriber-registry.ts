// Cross-connection state for faults that act for the broker towards other clients: the open
// connections of one proxy with the topic filters each has subscribed to (as sent by the client).
import type { FaultContext } from '../fault.ts';
import { filterMatches } from './packet-tools.ts';

export interface RegisteredConnection {
  readonly ctx: FaultContext;
  readonly filters: Set<string>;
  open: boolean;
}

/** The registry of one proxy (kept in ctx.shared under `key`, one per fault). */
export function registry(ctx: FaultContext, key: string): Map<number, RegisteredConnection> {
  let map = ctx.shared.get(key) as Map<number, RegisteredConnection> | undefined;
  if (map === undefined) {
    map = new Map();
    ctx.shared.set(key, map);
  }
  return map;
}

/** Registers this connection; returns its entry (filters filled by the caller from SUBSCRIBE). */
export function register(ctx: FaultContext, key: string): RegisteredConnection {
  const entry: RegisteredConnection = { ctx, filters: new Set(), open: true };
  registry(ctx, key).set(ctx.connectionId, entry);
  return entry;
}

/** Open connections other than `self` with a filter matching `topic`. */
export function subscribersOf(ctx: FaultContext, key: string, topic: string): RegisteredConnection[] {
  return [...registry(ctx, key).values()].filter(
    (c) => c.open && c.ctx.connectionId !== ctx.connectionId && [...c.filters].some((f) => filterMatches(f, topic)),
  );
}

/** A concrete topic a filter matches ('+' → 'x', '#' → 'x'). */
export function topicFor(filter: string): string {
  return filter.split('/').map((level) => (level === '+' || level === '#' ? 'x' : level)).join('/');
}
