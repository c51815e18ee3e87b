// SQLite Persistence (better-sqlite3): the reference broker's embedded default.
//
// Durability: WAL journal with synchronous=FULL, so a commit is fsynced before its promise resolves
// ("durable before acknowledged" holds across power loss; WAL+NORMAL would only survive a process crash).
// Group commit: every write is queued; on the next turn of the event loop (setImmediate, after the
// I/O callbacks of this turn, so one batch gathers every PUBLISH read in that turn) the whole queue
// is applied in issue order inside ONE transaction, and every promise of the batch resolves after it.
// The database file is locked exclusively while open: a second broker on the same file is refused.
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
import { migrate, type MigrateResult } from './migrate.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';
import {
  loadInbound,
  loadOutbound,
  loadRetained,
  loadSessions,
  loadSubscriptions,
  loadWills,
  outboundParams,
  prepareStatements,
  retainedParams,
  sessionParams,
  subscriptionParams,
  willParams,
  type Statements,
} from './statements.ts';

export interface SqlitePersistenceOptions {
  /** Database file, e.g. `<dataDir>/broker.db`. */
  file: string;
  clock?: { now(): number };
  /** Schema migrations to apply (tests pass a prefix to build old databases). Default: all. */
  migrations?: readonly Migration[];
  /** How long open() waits for a file locked by another process before refusing it. Default 500 ms. */
  busyTimeoutMs?: number;
}

export interface GroupCommitStats {
  /** Transactions committed by the write queue. */
  commits: number;
  /** Write operations applied (a saveOutboundBatch counts once). */
  writes: number;
  /** Largest number of writes in one commit. */
  maxBatch: number;
}

type Op = (s: Statements) => void;

interface Batch {
  ops: Op[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const KIND = 'sqlite';

export class SqlitePersistence implements Persistence {
  readonly kind = KIND;
  private readonly file: string;
  private readonly clock: { now(): number };
  private readonly migrationList: readonly Migration[];
  private readonly busyTimeoutMs: number;
  private db: Database.Database | null = null;
  private stmts: Statements | null = null;
  private state: 'new' | 'open' | 'closed' = 'new';
  private batch: Batch | null = null;
  private timer: NodeJS.Immediate | null = null;
  private applyBatch: ((ops: Op[]) => void) | null = null;
  private readonly counters: GroupCommitStats = { commits: 0, writes: 0, maxBatch: 0 };
  /** What open() did to the schema (null before open). */
  migration: MigrateResult | null = null;

  constructor(options: SqlitePersistenceOptions) {
    this.file = options.file;
    this.clock = options.clock ?? Date;
    this.migrationList = options.migrations ?? allMigrations;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 500;
  }

  get stats(): Readonly<GroupCommitStats> {
    return { ...this.counters };
  }

  async open(): Promise<void> {
    if (this.state === 'open') return;
    if (this.state === 'closed') throw new PersistenceClosedError(KIND);
    let db: Database.Database;
    try {
      db = new Database(this.file, { timeout: this.busyTimeoutMs });
    } catch (err) {
      throw new PersistenceError(KIND, `cannot open ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = OFF');
      this.migration = migrate(db, this.migrationList, this.clock.now(), this.file);
      this.stmts = prepareStatements(db);
    } catch (err) {
      db.close();
      if (err instanceof PersistenceError) throw err;
      const busy = (err as { code?: string }).code === 'SQLITE_BUSY';
      throw new PersistenceError(
        KIND,
        busy ? `${this.file} is in use by another process (locked)` : `cannot open ${this.file}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const stmts = this.stmts;
    this.applyBatch = db.transaction((ops: Op[]) => {
      for (const op of ops) op(stmts);
    });
    this.db = db;
    this.state = 'open';
  }

  async load(): Promise<PersistedState> {
    const db = this.requireDb();
    await this.flush();
    const read = db.transaction(
      (): PersistedState => ({
        sessions: loadSessions(db),
        subscriptions: loadSubscriptions(db),
        outbound: loadOutbound(db),
        inbound: loadInbound(db),
        retained: loadRetained(db),
        wills: loadWills(db),
      }),
    );
    return read();
  }

  saveSession(session: SessionRecord): Promise<void> {
    const params = sessionParams(session);
    return this.enqueue((s) => s.saveSession.run(...params));
  }

  deleteSession(clientId: string): Promise<void> {
    // Cascade: subscriptions, outbound, inbound, will, then the session. Retained messages stay.
    return this.enqueue((s) => {
      for (const st of s.deleteSession) st.run(clientId);
    });
  }

  saveSubscription(sub: SubscriptionRecord): Promise<void> {
    const params = subscriptionParams(sub);
    return this.enqueue((s) => s.saveSubscription.run(...params));
  }

  deleteSubscription(clientId: string, filter: string): Promise<void> {
    return this.enqueue((s) => s.deleteSubscription.run(clientId, filter));
  }

  saveOutbound(record: OutboundRecord): Promise<void> {
    const params = outboundParams(record);
    return this.enqueue((s) => s.saveOutbound.run(...params));
  }

  saveOutboundBatch(records: readonly OutboundRecord[]): Promise<void> {
    const rows = records.map(outboundParams);
    return this.enqueue((s) => {
      for (const params of rows) s.saveOutbound.run(...params);
    });
  }

  deleteOutbound(clientId: string, seq: number): Promise<void> {
    return this.enqueue((s) => s.deleteOutbound.run(clientId, seq));
  }

  saveInbound(record: InboundRecord): Promise<void> {
    const { clientId, packetId } = record;
    return this.enqueue((s) => s.saveInbound.run(clientId, packetId));
  }

  deleteInbound(clientId: string, packetId: number): Promise<void> {
    return this.enqueue((s) => s.deleteInbound.run(clientId, packetId));
  }

  saveRetained(message: StoredMessage): Promise<void> {
    const params = retainedParams(message);
    return this.enqueue((s) => s.saveRetained.run(...params));
  }

  deleteRetained(topic: string): Promise<void> {
    return this.enqueue((s) => s.deleteRetained.run(topic));
  }

  saveWill(will: WillRecord): Promise<void> {
    const params = willParams(will);
    return this.enqueue((s) => s.saveWill.run(...params));
  }

  deleteWill(clientId: string): Promise<void> {
    return this.enqueue((s) => s.deleteWill.run(clientId));
  }

  flush(): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    return this.batch?.promise ?? Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    if (this.state === 'open') {
      const pending = this.batch?.promise;
      this.commit();
      this.state = 'closed';
      this.db?.close();
      this.db = null;
      this.stmts = null;
      this.applyBatch = null;
      if (pending !== undefined) await pending;
      return;
    }
    this.state = 'closed';
  }

  // ---- group commit ----

  private enqueue(op: Op): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.stateError());
    let batch = this.batch;
    if (batch === null) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      batch = { ops: [], promise, resolve, reject };
      this.batch = batch;
      this.timer = setImmediate(() => this.commit());
    }
    batch.ops.push(op);
    return batch.promise;
  }

  /** Applies the queued writes in one transaction; resolves (or rejects) every promise of the batch. */
  private commit(): void {
    const batch = this.batch;
    if (this.timer !== null) clearImmediate(this.timer);
    this.timer = null;
    if (batch === null) return;
    this.batch = null;
    try {
      this.applyBatch!(batch.ops);
    } catch (err) {
      batch.reject(new PersistenceError(KIND, `commit of ${batch.ops.length} writes failed: ${(err as Error).message}`, { cause: err }));
      return;
    }
    this.counters.commits += 1;
    this.counters.writes += batch.ops.length;
    if (batch.ops.length > this.counters.maxBatch) this.counters.maxBatch = batch.ops.length;
    batch.resolve();
  }

  private requireDb(): Database.Database {
    if (this.state !== 'open' || this.db === null) throw this.stateError();
    return this.db;
  }

  private stateError(): PersistenceError {
    return this.state === 'closed' ? new PersistenceClosedError(KIND) : new PersistenceNotOpenError(KIND);
  }
}
