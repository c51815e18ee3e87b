// In-memory Persistence: the same contract as the durable backends, nothing survives the process.
// Every write is applied synchronously, so writes issued in order are applied in order and each
// promise is already "durable" (as durable as this backend gets) when it is returned.
// Records are copied in and out: the store never shares objects or Buffers with the broker.
import { cloneInbound, cloneMessage, cloneOutbound, cloneSession, cloneSubscription, cloneWill } from '../clone.ts';
import { PersistenceClosedError, PersistenceNotOpenError } from '../errors.ts';
import type {
  InboundRecord,
  OutboundRecord,
  Persistence,
  PersistedState,
  SessionRecord,
  StoredMessage,
  SubscriptionRecord,
  WillRecord,
} from '../persistence.ts';

const done: Promise<void> = Promise.resolve();

export class MemoryPersistence implements Persistence {
  readonly kind = 'memory';
  private state: 'new' | 'open' | 'closed' = 'new';
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly subscriptions = new Map<string, Map<string, SubscriptionRecord>>();
  private readonly outbound = new Map<string, Map<number, OutboundRecord>>();
  private readonly inbound = new Map<string, Map<number, InboundRecord>>();
  private readonly retained = new Map<string, StoredMessage>();
  private readonly wills = new Map<string, WillRecord>();

  open(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(new PersistenceClosedError(this.kind));
    this.state = 'open';
    return done;
  }

  load(): Promise<PersistedState> {
    if (this.state !== 'open') return this.fail();
    const outbound: OutboundRecord[] = [];
    for (const byClient of this.outbound.values()) {
      const seqs = [...byClient.keys()].sort((a, b) => a - b);
      for (const seq of seqs) outbound.push(cloneOutbound(byClient.get(seq)!));
    }
    return Promise.resolve({
      sessions: [...this.sessions.values()].map(cloneSession),
      subscriptions: [...this.subscriptions.values()].flatMap((m) => [...m.values()].map(cloneSubscription)),
      outbound,
      inbound: [...this.inbound.values()].flatMap((m) => [...m.values()].map(cloneInbound)),
      retained: [...this.retained.values()].map(cloneMessage),
      wills: [...this.wills.values()].map(cloneWill),
    });
  }

  saveSession(session: SessionRecord): Promise<void> {
    if (this.state !== 'open') return this.fail();
    this.sessions.set(session.clientId, cloneSession(session));
    return done;
  }

  deleteSession(clientId: string): Promise<void> {
    if (this.state !== 'open') return this.fail();
    this.sessions.delete(clientId);
    this.subscriptions.delete(clientId);
    this.outbound.delete(clientId);
    this.inbound.delete(clientId);
    this.wills.delete(clientId);
    // Retained messages belong to topics, not sessions: never deleted here.
    return done;
  }

  saveSubscription(sub: SubscriptionRecord): Promise<void> {
    if (this.state !== 'open') return this.fail();
    inner(this.subscriptions, sub.clientId).set(sub.filter, cloneSubscription(sub));
    return done;
  }

  deleteSubscription(clientId: string, filter: string): Promise<void> {
    if (this.state !== 'open') return this.fail();
    removeInner(this.subscriptions, clientId, filter);
    return done;
  }

  saveOutbound(record: OutboundRecord): Promise<void> {
    if (this.state !== 'open') return this.fail();
    inner(this.outbound, record.clientId).set(record.seq, cloneOutbound(record));
    return done;
  }

  saveOutboundBatch(records: readonly OutboundRecord[]): Promise<void> {
    if (this.state !== 'open') return this.fail();
    for (const r of records) inner(this.outbound, r.clientId).set(r.seq, cloneOutbound(r));
    return done;
  }

  deleteOutbound(clientId: string, seq: number): Promise<void> {
    if (this.state !== 'open') return this.fail();
    removeInner(this.outbound, clientId, seq);
    return done;
  }

  saveInbound(record: InboundRecord): Promise<void> {
    if (this.state !== 'open') return this.fail();
    inner(this.inbound, record.clientId).set(record.packetId, cloneInbound(record));
    return done;
  }

  deleteInbound(clientId: string, packetId: number): Promise<void> {
    if (this.state !== 'open') return this.fail();
    removeInner(this.inbound, clientId, packetId);
    return done;
  }

  saveRetained(message: StoredMessage): Promise<void> {
    if (this.state !== 'open') return this.fail();
    this.retained.set(message.topic, cloneMessage(message));
    return done;
  }

  deleteRetained(topic: string): Promise<void> {
    if (this.state !== 'open') return this.fail();
    this.retained.delete(topic);
    return done;
  }

  saveWill(will: WillRecord): Promise<void> {
    if (this.state !== 'open') return this.fail();
    this.wills.set(will.clientId, cloneWill(will));
    return done;
  }

  deleteWill(clientId: string): Promise<void> {
    if (this.state !== 'open') return this.fail();
    this.wills.delete(clientId);
    return done;
  }

  flush(): Promise<void> {
    if (this.state !== 'open') return this.fail();
    return done;
  }

  close(): Promise<void> {
    this.state = 'closed';
    return done;
  }

  private fail(): Promise<never> {
    return Promise.reject(this.state === 'new' ? new PersistenceNotOpenError(this.kind) : new PersistenceClosedError(this.kind));
  }
}

function inner<K, V>(outer: Map<string, Map<K, V>>, clientId: string): Map<K, V> {
  let m = outer.get(clientId);
  if (m === undefined) {
    m = new Map<K, V>();
    outer.set(clientId, m);
  }
  return m;
}

function removeInner<K, V>(outer: Map<string, Map<K, V>>, clientId: string, key: K): void {
  const m = outer.get(clientId);
  if (m === undefined) return;
  m.delete(key);
  if (m.size === 0) outer.delete(clientId);
}
