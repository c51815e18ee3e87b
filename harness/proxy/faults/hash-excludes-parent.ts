// A broker whose multi-level wildcard does not match its parent level: `news/#` misses `news`.
import { filterRewritingFault } from './rewrite-filters.ts';

/** `news/#` → `news/+/#`; `#` alone is left alone. */
export function hashWithoutParent(filter: string): string {
  return filter.length > 2 && filter.endsWith('/#') ? `${filter.slice(0, -1)}+/#` : filter;
}

export const hashExcludesParent = filterRewritingFault(
  'hash-excludes-parent',
  'a filter ending in /# is subscribed as /+/# (so # no longer matches the parent level)',
  ['MQTT-4.7.1-2'], // breaks [MQTT-4.7.1-2]
  hashWithoutParent,
);
