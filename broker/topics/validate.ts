// Topic name and topic filter validation (MQTT 3.1.1 section 4.7). Pure functions, no allocation
// on the fast path: one scan over the string's UTF-16 code units.

/** Why a topic name or filter was refused; `null` when it is valid. */
export type TopicProblem =
  | 'empty'
  | 'null-character'
  | 'wildcard-in-name'
  | 'multi-level-not-last'
  | 'wildcard-not-whole-level'
  | 'too-long';

const MAX_BYTES = 65535;
const SLASH = 0x2f;
const PLUS = 0x2b;
const HASH = 0x23;

/** A PUBLISH topic name (and a will topic). */
export function topicNameProblem(topic: string): TopicProblem | null {
  if (topic.length === 0) return 'empty'; // [MQTT-4.7.3-1]
  for (let i = 0; i < topic.length; i++) {
    const c = topic.charCodeAt(i);
    if (c === PLUS || c === HASH) return 'wildcard-in-name'; // [MQTT-3.3.2-2] [MQTT-4.7.1-1]
    if (c === 0) return 'null-character'; // [MQTT-1.5.3-2]
  }
  if (topic.length > MAX_BYTES / 3 && Buffer.byteLength(topic) > MAX_BYTES) return 'too-long'; // [MQTT-4.7.3-3]
  return null;
}

/** A SUBSCRIBE / UNSUBSCRIBE topic filter. */
export function topicFilterProblem(filter: string): TopicProblem | null {
  if (filter.length === 0) return 'empty'; // [MQTT-4.7.3-1]
  const last = filter.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = filter.charCodeAt(i);
    if (c === 0) return 'null-character'; // [MQTT-1.5.3-2]
    if (c === HASH) {
      // '#' alone or after a '/', and the last character of the filter [MQTT-4.7.1-2]
      if (i !== last) return 'multi-level-not-last';
      if (i > 0 && filter.charCodeAt(i - 1) !== SLASH) return 'wildcard-not-whole-level';
    } else if (c === PLUS) {
      // '+' occupies an entire level [MQTT-4.7.1-3]
      if (i > 0 && filter.charCodeAt(i - 1) !== SLASH) return 'wildcard-not-whole-level';
      if (i < last && filter.charCodeAt(i + 1) !== SLASH) return 'wildcard-not-whole-level';
    }
  }
  if (filter.length > MAX_BYTES / 3 && Buffer.byteLength(filter) > MAX_BYTES) return 'too-long'; // [MQTT-4.7.3-3]
  return null;
}

/**
 * Does `filter` match `topic`? The reference definition (string walk, no trie) used by tests and by
 * the retained store's consistency checks. No normalisation of either string [MQTT-4.7.3-4].
 */
export function filterMatches(filter: string, topic: string): boolean {
  // Filters starting with a wildcard never match topics starting with '$' [MQTT-4.7.2-1]
  if (topic.charCodeAt(0) === 0x24 && (filter.charCodeAt(0) === PLUS || filter.charCodeAt(0) === HASH)) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true; // parent and any number of child levels
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}
