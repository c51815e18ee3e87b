// The default IdSource: a random node id (from injected randomness) and client ids `auto-<node>-<n>`.
import { randomBytes } from 'node:crypto';
import type { IdSource } from '../model/contracts.ts';

export class DefaultIdSource implements IdSource {
  readonly nodeId: string;
  private assigned = 0;

  constructor(random: (size: number) => Buffer = randomBytes) {
    this.nodeId = random(4).toString('hex');
  }

  /** Unique to this node for zero-length client ids [MQTT-3.1.3-6]. */
  assignClientId(): string {
    return `auto-${this.nodeId}-${(++this.assigned).toString(36)}`;
  }
}
