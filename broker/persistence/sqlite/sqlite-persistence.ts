// SQLite Persistence (better-sqlite3): the reference broker's embedded default.
//
// Durability: WAL journal with synchronous=FULL, so a commit is fsynced before its promise resolves
// ("durable before acknowledged" holds across power loss; WAL+NORMAL would only survive a process crash).
//
// Group commit, pipelined: every write becomes journal rows in the pending batch. On the next turn of
// the event loop (setImmediate: after this turn's I/O callbacks, so one batch gathers every PUBLISH read
// in that turn) the batch goes to the writer, which applies it in ONE transaction; every promise of the
// batch resolves after that commit. While a batch commits, new writes gather in the next batch, which
// is handed over the moment the previous commit lands: the slower the disk, the bigger the batches.
// Batches commit one at a time, in order, so writes issued in order are applied in order.
//
// The writer is a worker thread by default (`writer: 'worker'`), so the fsync never blocks the broker's
// event loop; `writer: 'inline'` commits on this thread (simpler, blocks during each fsync).
// The file is locked exclusively while open: a second broker on the same file is refused.
import Database from 'better-sqlite3';
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
import { InlineWriter, WorkerWriter, type JournalWriter } from './journal-writer.ts';
import { migrate, type MigrateResult } from './migrate.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';
import {
  outboundParams,
  retainedParams,
  sessionParams,
  stateFromRows,
  Stmt,
  subscriptionParams,
  willParams,
  type JournalRow,
} from './statements.ts';

export interface SqlitePersistenceOptions {
  /** Database file, e.g. `<dataDir>/broker.db`. */
  file: string;
  clock?: { now(): number };
  /** Schema migrations to apply (tests pass a prefix to build old databases). Default: all. */
  migrations?: readonly Migration[];
  /** How long open() waits for a file locked by another process before refusing it. Default 500 ms. */
  busyTimeoutMs?: number;
  /** Where commits run: a worker thread (default) or the calling thread. */
  writer?: 'worker' | 'inline';
}

export interface GroupCommitStats {
  /** Transactions committed by the write queue. */
  commits: number;
  /** Write operations applied (a saveOutboundBatch or a deleteSession counts once). */
  writes: number;
  /** Largest number of writes in one commit. */
  maxBatch: number;
}

interface Batch {
  rows: JournalRow[];
  /** Row index of the live saveOutbound per "clientId\u0000seq" in this batch (for coalescing). */
  outbound: Map<string, number>;
  writes: number;
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const KIND = 'sqlite';
/** A row dropped by coalescing. */
const SKIP: JournalRow = [Stmt.deleteOutbound, ['', -1]];

export class SqlitePersistence implements Persistence {
  readonly kind = KIND;
  private readonly file: string;
  private readonly clock: { now(): number };
  private readonly migrationList: readonly Migration[];
  private readonly busyTimeoutMs: number;
  private readonly writerKind: 'worker' | 'inline';
  private writer: JournalWriter | null = null;
  private state: 'new' | 'opening' | 'open' | 'closed' = 'new';
  private opening: Promise<void> | null = null;
  /** Gathering writes; handed to the writer on the next turn or when the in-flight commit lands. */
  private pending: Batch | null = null;
  /** Handed to the writer, not yet committed. */
  private inFlight: Batch | null = null;
  private timer: NodeJS.Immediate | null = null;
  private readonly counters: GroupCommitStats = { commits: 0, writes: 0, maxBatch: 0 };
  /** What open() did to the schema (null before open). */
  migration: MigrateResult | null = null;

  constructor(options: SqlitePersistenceOptions) {
    this.file = options.file;
    this.clock = options.clock ?? Date;
    this.migrationList = options.migrations ?? allMigrations;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 500;
    this.writerKind = options.writer ?? 'worker';
  }

  get stats(): Readonly<GroupCommitStats> {
    return { ...this.counters };
  }

  open(): Promise<void> {
    if (this.state === 'open') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new PersistenceClosedError(KIND));
    this.opening ??= this.doOpen();
    return this.opening;
  }

  private async doOpen(): Promise<void> {
    this.state = 'opening';
    let db: Database.Database;
    try {
      db = new Database(this.file, { timeout: this.busyTimeoutMs });
    } catch (err) {
      this.state = 'new';
      this.opening = null;
      throw new PersistenceError(KIND, `cannot open ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      this.migration = migrate(db, this.migrationList, this.clock.now(), this.file);
      if (this.writerKind === 'inline') {
        this.writer = new InlineWriter(db);
      } else {
        db.close(); // releases the lock; the writer thread takes it at once
        this.writer = await WorkerWriter.start(this.file, this.busyTimeoutMs);
      }
    } catch (err) {
      if (db.open) db.close();
      this.state = 'new';
      this.opening = null;
      throw openError(this.file, err);
    }
    this.state = 'open';
  }

  async load(): Promise<PersistedState> {
    if (this.state !== 'open') throw this.stateError();
    await this.flush();
    return stateFromRows(await this.writer!.load());
  }

  saveSession(session: SessionRecord): Promise<void> {
    return this.enqueue([[Stmt.saveSession, sessionParams(session)]]);
  }

  deleteSession(clientId: string): Promise<void> {
    // Cascade: subscriptions, outbound, inbound, will, then the session. Retained messages stay.
    this.pending?.outbound.clear(); // saves before the cascade must stay before it
    return this.enqueue([
      [Stmt.deleteSessionSubscriptions, [clientId]],
      [Stmt.deleteSessionOutbound, [clientId]],
      [Stmt.deleteSessionInbound, [clientId]],
      [Stmt.deleteSessionWill, [clientId]],
      [Stmt.deleteSession, [clientId]],
    ]);
  }

  saveSubscription(sub: SubscriptionRecord): Promise<void> {
    return this.enqueue([[Stmt.saveSubscription, subscriptionParams(sub)]]);
  }

  deleteSubscription(clientId: string, filter: string): Promise<void> {
    return this.enqueue([[Stmt.deleteSubscription, [clientId, filter]]]);
  }

  saveOutbound(record: OutboundRecord): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    const promise = this.enqueue([]);
    this.coalesceSave(record);
    return promise;
  }

  saveOutboundBatch(records: readonly OutboundRecord[]): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    const promise = this.enqueue([]);
    for (const r of records) this.coalesceSave(r);
    return promise;
  }

  deleteOutbound(clientId: string, seq: number): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    const promise = this.enqueue([[Stmt.deleteOutbound, [clientId, seq]]]);
    // A save of the same record earlier in this batch is dead: the delete follows it in the same commit.
    const batch = this.pending;
    if (batch !== null) {
      const key = `${clientId}\u0000${seq}`;
      const at = batch.outbound.get(key);
      if (at !== undefined) {
        batch.rows[at] = SKIP;
        batch.outbound.delete(key);
      }
    }
    return promise;
  }

  /**
   * Outbound records change state several times in a short life (queued -> sent -> deleted on PUBACK).
   * Within one batch only the last state of a (clientId, seq) matters, so a later save overwrites the
   * earlier row in place. Safe because every other write touching that key (deleteOutbound,
   * deleteSession) ends the coalescing for it.
   */
  private coalesceSave(record: OutboundRecord): void {
    const batch = this.pending;
    if (batch === null) return; // enqueue refused the write
    const key = `${record.clientId}\u0000${record.seq}`;
    const at = batch.outbound.get(key);
    if (at !== undefined) {
      batch.rows[at] = [Stmt.saveOutbound, outboundParams(record)];
    } else {
      batch.outbound.set(key, batch.rows.length);
      batch.rows.push([Stmt.saveOutbound, outboundParams(record)]);
    }
  }

  saveInbound(record: InboundRecord): Promise<void> {
    return this.enqueue([[Stmt.saveInbound, [record.clientId, record.packetId]]]);
  }

  deleteInbound(clientId: string, packetId: number): Promise<void> {
    return this.enqueue([[Stmt.deleteInbound, [clientId, packetId]]]);
  }

  saveRetained(message: StoredMessage): Promise<void> {
    return this.enqueue([[Stmt.saveRetained, retainedParams(message)]]);
  }

  deleteRetained(topic: string): Promise<void> {
    return this.enqueue([[Stmt.deleteRetained, [topic]]]);
  }

  saveWill(will: WillRecord): Promise<void> {
    return this.enqueue([[Stmt.saveWill, willParams(will)]]);
  }

  deleteWill(clientId: string): Promise<void> {
    return this.enqueue([[Stmt.deleteWill, [clientId]]]);
  }

  flush(): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    // Batches commit in order: the newest one settling means every earlier write is durable.
    const last = this.pending ?? this.inFlight;
    return last === null ? Promise.resolve() : last.promise.catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    if (this.state === 'opening') await this.opening!.catch(() => undefined);
    const wasOpen = this.state === 'open';
    this.state = 'closed'; // from here on, new writes are refused
    if (wasOpen) {
      // Writes issued before close() are committed, then the writer lets go of the file.
      const last = this.pending ?? this.inFlight;
      this.handOver();
      if (last !== null) await last.promise.catch(() => undefined);
      await this.writer!.close();
      this.writer = null;
    }
  }

  // ---- group commit ----

  private enqueue(rows: JournalRow[]): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    let batch = this.pending;
    if (batch === null) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      batch = { rows: [], outbound: new Map(), writes: 0, promise, resolve, reject };
      this.pending = batch;
      if (this.inFlight === null) this.timer = setImmediate(() => this.handOver());
    }
    for (const row of rows) batch.rows.push(row);
    batch.writes += 1;
    return batch.promise;
  }

  /** Hands the pending batch to the writer if none is committing; the next one follows when it lands. */
  private handOver(): void {
    if (this.timer !== null) clearImmediate(this.timer);
    this.timer = null;
    const batch = this.pending;
    if (batch === null || this.inFlight !== null || this.writer === null) return;
    this.pending = null;
    this.inFlight = batch;
    this.writer.commit(batch.rows.filter((row) => row !== SKIP)).then(
      () => {
        this.counters.commits += 1;
        this.counters.writes += batch.writes;
        if (batch.writes > this.counters.maxBatch) this.counters.maxBatch = batch.writes;
        this.landed(batch);
        batch.resolve();
      },
      (err: unknown) => {
        this.landed(batch);
        batch.reject(
          new PersistenceError(KIND, `commit of ${batch.writes} writes failed: ${(err as Error).message}`, { cause: err }),
        );
      },
    );
  }

  private landed(batch: Batch): void {
    if (this.inFlight === batch) this.inFlight = null;
    if (this.pending !== null) this.handOver(); // gathered during the commit: send it now
  }

  private stateError(): PersistenceError {
    return this.state === 'closed' ? new PersistenceClosedError(KIND) : new PersistenceNotOpenError(KIND);
  }
}

function openError(file: string, err: unknown): PersistenceError {
  if (err instanceof PersistenceError) return err;
  const code = (err as { code?: string | null }).code;
  const busy = code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
  return new PersistenceError(
    KIND,
    busy ? `${file} is in use by another process (locked)` : `cannot open ${file}: ${(err as Error).message}`,
    { cause: err },
  );
}
