// Topic filter matching for ACL rules.
// - A PUBLISH topic matches a rule filter by the MQTT rules (`+` one level, `#` the rest, and
//   filters starting with a wildcard do not match `$` topics [MQTT-4.7.2-1]).
// - A SUBSCRIBE filter matches a rule filter when the rule filter covers it: every topic the
//   subscription can receive also matches the rule (so rule `a/#` covers `a/+/b`, rule `a/b` does not cover `a/+`).

export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false; // [MQTT-4.7.2-1]
  for (let i = 0; i < f.length; i++) {
    const level = f[i]!;
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

export function filterCovers(ruleFilter: string, subscription: string): boolean {
  const r = ruleFilter.split('/');
  const s = subscription.split('/');
  if (subscription.startsWith('$') && (r[0] === '+' || r[0] === '#')) return false; // [MQTT-4.7.2-1]
  for (let i = 0; i < r.length; i++) {
    const level = r[i]!;
    if (level === '#') return true;
    if (i >= s.length) return false;
    const sub = s[i]!;
    if (sub === '#') return false;
    if (level === '+') continue;
    if (sub === '+' || level !== sub) return false;
  }
  return r.length === s.length;
}
