// A broker that grants wildcard filters but never delivers on them (it neither supports wildcards
// nor refuses such filters): + and # levels are rewritten to literal levels the harness never uses.
import { filterRewritingFault } from './rewrite-filters.ts';

export function literalWildcards(filter: string): string {
  return filter.split('/').map((level) => (level === '+' ? '_plus_' : level === '#' ? '_hash_' : level)).join('/');
}

export const wildcardsNeverMatch = filterRewritingFault(
  'wildcards-never-match',
  'SUBSCRIBE/UNSUBSCRIBE filters have their + and # levels rewritten to literal levels: granted, never matching',
  ['MQTT-3.8.3-2', 'MQTT-4.7.1-2', 'MQTT-4.7.1-3'],
  literalWildcards,
);
