// ACL rules, evaluated in order; the first rule that matches decides; no match → allowed.
// `%u` and `%c` in a rule's topic stand for the client's username and client id (a rule with `%u`
// never matches a client without a username).
import { filterCovers, topicMatches } from './topic-filter.ts';

export type AclAction = 'publish' | 'subscribe' | 'all';

export interface AclRule {
  allow: boolean;
  action: AclAction;
  topic: string;
  /** The rule applies only to this username. */
  username?: string;
}

export class Acl {
  constructor(private readonly rules: readonly AclRule[]) {}

  canPublish(clientId: string, username: string | undefined, topic: string): boolean {
    return this.decide('publish', clientId, username, (filter) => topicMatches(filter, topic));
  }

  canSubscribe(clientId: string, username: string | undefined, filter: string): boolean {
    return this.decide('subscribe', clientId, username, (ruleFilter) => filterCovers(ruleFilter, filter));
  }

  private decide(action: 'publish' | 'subscribe', clientId: string, username: string | undefined, matches: (filter: string) => boolean): boolean {
    for (const rule of this.rules) {
      if (rule.action !== 'all' && rule.action !== action) continue;
      if (rule.username !== undefined && rule.username !== username) continue;
      const filter = expand(rule.topic, clientId, username);
      if (filter === undefined) continue;
      if (matches(filter)) return rule.allow;
    }
    return true;
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
