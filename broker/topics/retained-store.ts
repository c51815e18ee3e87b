// Retained messages, one per topic name, in a tree keyed by topic level so that a new
// subscription's filter finds its matches by walking only the branches it can match.
import type { StoredMessage } from '../model/messages.ts';

class RetainedNode {
  readonly children = new Map<string, RetainedNode>();
  message: StoredMessage | null = null;
}

export class RetainedStore {
  private readonly root = new RetainedNode();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(topic: string): StoredMessage | undefined {
    let node: RetainedNode | undefined = this.root;
    for (const level of topic.split('/')) {
      node = node.children.get(level);
      if (!node) return undefined;
    }
    return node.message ?? undefined;
  }

  /** Insert or replace the retained message of `message.topic` [MQTT-3.3.1-5] [MQTT-3.3.1-7]. */
  set(message: StoredMessage): void {
    let node = this.root;
    for (const level of message.topic.split('/')) {
      let next = node.children.get(level);
      if (!next) {
        next = new RetainedNode();
        node.children.set(level, next);
      }
      node = next;
    }
    if (node.message === null) this.count++;
    node.message = message;
  }

  /** Remove the retained message of `topic`; true when there was one [MQTT-3.3.1-10]. */
  delete(topic: string): boolean {
    const levels = topic.split('/');
    const path: RetainedNode[] = [this.root];
    let node: RetainedNode | undefined = this.root;
    for (const level of levels) {
      node = node.children.get(level);
      if (!node) return false;
      path.push(node);
    }
    if (node.message === null) return false;
    node.message = null;
    this.count--;
    for (let i = path.length - 1; i > 0; i--) {
      const n = path[i]!;
      if (n.message !== null || n.children.size > 0) break;
      path[i - 1]!.children.delete(levels[i - 1]!);
    }
    return true;
  }

  /** Every retained message whose topic matches `filter` (a valid filter) [MQTT-3.3.1-6]. */
  match(filter: string): StoredMessage[] {
    const out: StoredMessage[] = [];
    this.walk(this.root, filter.split('/'), 0, out, true);
    return out;
  }

  all(): StoredMessage[] {
    const out: StoredMessage[] = [];
    this.collect(this.root, out, false);
    return out;
  }

  private walk(node: RetainedNode, levels: string[], i: number, out: StoredMessage[], atRoot: boolean): void {
    if (i === levels.length) {
      if (node.message) out.push(node.message);
      return;
    }
    const level = levels[i]!;
    if (level === '#') {
      // the parent level itself, then every descendant; at the root '#' skips '$' topics [MQTT-4.7.2-1]
      if (!atRoot && node.message) out.push(node.message);
      this.collect(node, out, atRoot);
      return;
    }
    if (level === '+') {
      for (const [name, child] of node.children) {
        if (atRoot && name.charCodeAt(0) === 0x24) continue; // [MQTT-4.7.2-1]
        this.walk(child, levels, i + 1, out, false);
      }
      return;
    }
    const child = node.children.get(level);
    if (child) this.walk(child, levels, i + 1, out, false);
  }

  private collect(node: RetainedNode, out: StoredMessage[], skipDollar: boolean): void {
    for (const [name, child] of node.children) {
      if (skipDollar && name.charCodeAt(0) === 0x24) continue;
      if (child.message) out.push(child.message);
      this.collect(child, out, false);
    }
  }
}
