// The Persistence of every SQL backend: records become journal rows, rows go through group commit, a
// backend supplies only how to open its store, commit a batch of rows in one transaction, read the
// tables back and close. SQLite and MySQL extend it.
import { PersistenceClosedError, PersistenceError, PersistenceNotOpenError } from '../errors.ts';
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
import { GroupCommit, type GroupCommitStats } from './group-commit.ts';
import { retainedParams, sessionParams, stateFromRows, Stmt, subscriptionParams, willParams, type JournalRow, type LoadRows } from './journal-rows.ts';

export abstract class JournalPersistence implements Persistence {
  abstract readonly kind: string;
  private state: 'new' | 'opening' | 'open' | 'closed' = 'new';
  private opening: Promise<void> | null = null;
  private queue: GroupCommit | null = null;

  /** Opens the store (connect, migrate, verify); throws a PersistenceError saying what is wrong. */
  protected abstract openStore(): Promise<void>;
  /** Applies the rows in ONE transaction; resolves only once it is committed (durable). */
  protected abstract commitRows(rows: JournalRow[]): Promise<void>;
  /** Reads every table (LoadRows), in one read transaction when the store has them. */
  protected abstract loadRows(): Promise<LoadRows>;
  /** Lets go of the store; every write has settled when this is called. */
  protected abstract closeStore(): Promise<void>;

  /** Most writes in one commit (see GroupCommit); a backend may lower it. */
  protected get maxWritesPerBatch(): number {
    return Infinity;
  }

  get stats(): Readonly<GroupCommitStats> {
    return this.queue?.stats ?? { commits: 0, writes: 0, maxBatch: 0 };
  }

  open(): Promise<void> {
    if (this.state === 'open') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new PersistenceClosedError(this.kind));
    this.opening ??= this.doOpen();
    return this.opening;
  }

  private async doOpen(): Promise<void> {
    this.state = 'opening';
    try {
      await this.openStore();
    } catch (err) {
      this.state = 'new';
      this.opening = null;
      throw err instanceof PersistenceError ? err : new PersistenceError(this.kind, (err as Error).message, { cause: err });
    }
    this.queue = new GroupCommit(this.kind, (rows) => this.commitRows(rows), this.maxWritesPerBatch);
    this.state = 'open';
  }

  async load(): Promise<PersistedState> {
    if (this.state !== 'open') throw this.stateError();
    await this.queue!.flush();
    return stateFromRows(await this.loadRows());
  }

  saveSession(session: SessionRecord): Promise<void> {
    return this.write([[Stmt.saveSession, sessionParams(session)]]);
  }

  deleteSession(clientId: string): Promise<void> {
    // Cascade: subscriptions, outbound, inbound, will, then the session. Retained messages stay.
    if (this.state !== 'open') return Promise.reject(this.stateError());
    this.queue!.endCoalescing();
    return this.write([
      [Stmt.deleteSessionSubscriptions, [clientId]],
      [Stmt.deleteSessionOutbound, [clientId]],
      [Stmt.deleteSessionInbound, [clientId]],
      [Stmt.deleteSessionWill, [clientId]],
      [Stmt.deleteSession, [clientId]],
    ]);
  }

  saveSubscription(sub: SubscriptionRecord): Promise<void> {
    return this.write([[Stmt.saveSubscription, subscriptionParams(sub)]]);
  }

  deleteSubscription(clientId: string, filter: string): Promise<void> {
    return this.write([[Stmt.deleteSubscription, [clientId, filter]]]);
  }

  saveOutbound(record: OutboundRecord): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    return this.queue!.saveOutbound([record]);
  }

  saveOutboundBatch(records: readonly OutboundRecord[]): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    return this.queue!.saveOutbound(records);
  }

  deleteOutbound(clientId: string, seq: number): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    return this.queue!.deleteOutbound(clientId, seq);
  }

  saveInbound(record: InboundRecord): Promise<void> {
    return this.write([[Stmt.saveInbound, [record.clientId, record.packetId]]]);
  }

  deleteInbound(clientId: string, packetId: number): Promise<void> {
    return this.write([[Stmt.deleteInbound, [clientId, packetId]]]);
  }

  saveRetained(message: StoredMessage): Promise<void> {
    return this.write([[Stmt.saveRetained, retainedParams(message)]]);
  }

  deleteRetained(topic: string): Promise<void> {
    return this.write([[Stmt.deleteRetained, [topic]]]);
  }

  saveWill(will: WillRecord): Promise<void> {
    return this.write([[Stmt.saveWill, willParams(will)]]);
  }

  deleteWill(clientId: string): Promise<void> {
    return this.write([[Stmt.deleteWill, [clientId]]]);
  }

  flush(): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    return this.queue!.flush();
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    if (this.state === 'opening') await this.opening!.catch(() => undefined);
    const wasOpen = this.state === 'open';
    this.state = 'closed'; // from here on, new writes are refused
    if (wasOpen) {
      // Writes issued before close() are committed, then the store is let go.
      this.onClosing();
      await this.queue!.drain();
      await this.closeStore();
    }
  }

  /** Called once when close() starts, before the last writes are drained (MySQL bounds its retries from here). */
  protected onClosing(): void {}

  private write(rows: JournalRow[]): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    return this.queue!.enqueue(rows);
  }

  private stateError(): PersistenceError {
    return this.state === 'closed' ? new PersistenceClosedError(this.kind) : new PersistenceNotOpenError(this.kind);
  }
}
