// Subscription trie (seed 004): a tree keyed by topic level. Each node has exact-level children,
// one '+' child and the subscribers of the filter ending there; '#' subscribers sit on the node of
// their parent level. Matching a topic walks only the branches that can match, so its cost depends
// on the topic's depth and the matching subscriptions, never on the number of non-matching ones.
import type { QoS } from '../model/messages.ts';

class TrieNode<S> {
  readonly children = new Map<string, TrieNode<S>>();
  plus: TrieNode<S> | null = null;
  /** Subscribers of the filter that ends at this node. */
  readonly here = new Map<S, QoS>();
  /** Subscribers of `<this node's filter>/#` (or of `#` at the root). */
  readonly hash = new Map<S, QoS>();

  isEmpty(): boolean {
    return this.children.size === 0 && this.plus === null && this.here.size === 0 && this.hash.size === 0;
  }
}

export type MatchVisitor<S> = (subscriber: S, qos: QoS) => void;

export class SubscriptionTrie<S> {
  private readonly root = new TrieNode<S>();
  private count = 0;

  /** Number of (subscriber, filter) pairs. */
  get size(): number {
    return this.count;
  }

  /** Add or replace the subscription of `subscriber` to `filter` (the filter must be valid). */
  add(filter: string, subscriber: S, qos: QoS): void {
    const levels = filter.split('/');
    let node = this.root;
    const last = levels.length - 1;
    for (let i = 0; i < last; i++) node = this.child(node, levels[i]!);
    const tail = levels[last]!;
    const target = tail === '#' ? node.hash : this.child(node, tail).here;
    if (!target.has(subscriber)) this.count++;
    target.set(subscriber, qos);
  }

  /** Remove the subscription; true when it existed. Prunes empty branches. */
  remove(filter: string, subscriber: S): boolean {
    const levels = filter.split('/');
    const path: TrieNode<S>[] = [this.root];
    let node: TrieNode<S> | null | undefined = this.root;
    const last = levels.length - 1;
    const isHash = levels[last] === '#';
    const depth = isHash ? last : levels.length;
    for (let i = 0; i < depth; i++) {
      const level = levels[i]!;
      node = level === '+' ? node.plus : node.children.get(level);
      if (!node) return false;
      path.push(node);
    }
    const removed = (isHash ? node.hash : node.here).delete(subscriber);
    if (!removed) return false;
    this.count--;
    for (let i = path.length - 1; i > 0; i--) {
      const n = path[i]!;
      if (!n.isEmpty()) break;
      const parent = path[i - 1]!;
      const level = levels[i - 1]!;
      if (level === '+') parent.plus = null;
      else parent.children.delete(level);
    }
    return true;
  }

  /**
   * Visit every subscription matching `topic` (a valid topic name). A subscriber with several
   * matching filters is visited once per filter; callers fold them (max QoS) [MQTT-3.3.5-1].
   */
  match(topic: string, visit: MatchVisitor<S>): void {
    // split as is: leading/trailing '/' and empty levels are distinct levels [MQTT-4.7.3-2], nothing normalised [MQTT-4.7.3-4]
    const levels = topic.split('/');
    // Topics starting with '$' are not matched by filters starting with a wildcard [MQTT-4.7.2-1]
    const dollar = topic.charCodeAt(0) === 0x24;
    this.walk(this.root, levels, 0, visit, dollar);
  }

  private walk(node: TrieNode<S>, levels: string[], i: number, visit: MatchVisitor<S>, noWildcard: boolean): void {
    // '#' at this node matches the parent level itself and everything below it
    if (!noWildcard && node.hash.size > 0) for (const [s, q] of node.hash) visit(s, q);
    if (i === levels.length) {
      for (const [s, q] of node.here) visit(s, q);
      return;
    }
    const exact = node.children.get(levels[i]!);
    if (exact) this.walk(exact, levels, i + 1, visit, false);
    if (!noWildcard && node.plus) this.walk(node.plus, levels, i + 1, visit, false);
  }

  private child(node: TrieNode<S>, level: string): TrieNode<S> {
    if (level === '+') return (node.plus ??= new TrieNode<S>());
    let next = node.children.get(level);
    if (!next) {
      next = new TrieNode<S>();
      node.children.set(level, next);
    }
    return next;
  }
}
