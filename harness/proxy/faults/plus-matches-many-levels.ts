// A broker whose single-level wildcard crosses level separators: a trailing `+` is matched like `#`.
import { filterRewritingFault } from './rewrite-filters.ts';

/** `news/+` → `news/#`; `+` alone and `+` inside a filter are left alone. */
export function plusToHash(filter: string): string {
  return filter.length > 2 && filter.endsWith('/+') ? `${filter.slice(0, -1)}#` : filter;
}

export const plusMatchesManyLevels = filterRewritingFault(
  'plus-matches-many-levels',
  'a filter ending in /+ is subscribed as /# (so + matches any number of levels, and its parent)',
  ['MQTT-4.7.1-3'], // breaks [MQTT-4.7.1-3]
  plusToHash,
);
