// A broker that normalizes Topic Filters before matching: lower-case, no leading or trailing `/`.
import { filterRewritingFault } from './rewrite-filters.ts';

export function normalizeFilter(filter: string): string {
  const lower = filter.toLowerCase();
  return lower.length > 1 ? lower.replace(/^\/+|\/+$/g, '') || lower : lower;
}

export const normalizeFilters = filterRewritingFault(
  'normalize-filters',
  'client→broker SUBSCRIBE/UNSUBSCRIBE filters are lower-cased and stripped of a leading or trailing /',
  ['MQTT-4.7.3-4', 'MQTT-4.7.3-2'], // breaks [MQTT-4.7.3-4] [MQTT-4.7.3-2]
  normalizeFilter,
);
