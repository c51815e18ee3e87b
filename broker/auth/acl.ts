// ACL rules, evaluated in order; the first rule that matches decides; no match → allowed.
// `%u` and `%c` in a rule's topic stand for the client's username and client id (a rule with `%u`
// never matches a client without a username). A rule may be scoped to one `username` and/or one
// `clientId`.
//
// The vocabulary:
// - `publish`: may this client publish to this topic name (PUBLISH and its will).
// - `subscribe`: may this client subscribe to this filter (the rule's filter must cover it).
// - `read`: may this client receive a message on this topic name. Checked per message and per
//   receiving client on every delivery path (live, retained on subscribe, offline queue on reconnect,
//   wills, $SYS). When no `read` (or `all`) rule matches the topic, the `subscribe` rules decide as if
//   the client subscribed to exactly that topic: a client is never sent what it could not subscribe to
//   directly (so denying `subscribe` on `secret/#` also keeps `secret/a` from a `#` subscriber).
// - `all`: the three above.
import { filterCovers, topicMatches } from './topic-filter.ts';

export type AclAction = 'publish' | 'subscribe' | 'read' | 'all';

export interface AclRule {
  allow: boolean;
  action: AclAction;
  topic: string;
  /** The rule applies only to this username. */
  username?: string;
  /** The rule applies only to this client id. */
  clientId?: string;
}

type Check = 'publish' | 'subscribe' | 'read';

export class Acl {
  /** True when no rule can deny a read (so per-message read checks cost nothing). */
  readonly readsUnrestricted: boolean;

  constructor(private readonly rules: readonly AclRule[]) {
    this.readsUnrestricted = !rules.some((r) => !r.allow && r.action !== 'publish');
  }

  canPublish(clientId: string, username: string | undefined, topic: string): boolean {
    return this.decide('publish', clientId, username, (filter) => topicMatches(filter, topic)) ?? true;
  }

  canSubscribe(clientId: string, username: string | undefined, filter: string): boolean {
    return this.decide('subscribe', clientId, username, (ruleFilter) => filterCovers(ruleFilter, filter)) ?? true;
  }

  canRead(clientId: string, username: string | undefined, topic: string): boolean {
    if (this.readsUnrestricted) return true;
    const matches = (filter: string): boolean => topicMatches(filter, topic);
    return this.decide('read', clientId, username, matches) ?? this.decide('subscribe', clientId, username, matches) ?? true;
  }

  /** The first matching rule's decision, undefined when none matches. */
  private decide(action: Check, clientId: string, username: string | undefined, matches: (filter: string) => boolean): boolean | undefined {
    for (const rule of this.rules) {
      if (rule.action !== 'all' && rule.action !== action) continue;
      if (rule.username !== undefined && rule.username !== username) continue;
      if (rule.clientId !== undefined && rule.clientId !== clientId) continue;
      const filter = expand(rule.topic, clientId, username);
      if (filter === undefined) continue;
      if (matches(filter)) return rule.allow;
    }
    return undefined;
  }
}

function expand(topic: string, clientId: string, username: string | undefined): string | undefined {
  if (topic.includes('%u')) {
    if (username === undefined || /[+#/]/.test(username)) return undefined;
    topic = topic.replaceAll('%u', username);
  }
  if (topic.includes('%c')) {
    if (/[+#/]/.test(clientId)) return undefined;
    topic = topic.replaceAll('%c', clientId);
  }
  return topic;
}
