// Group commit, pipelined, for any backend that can apply a list of journal rows in ONE transaction.
//
// Every write becomes journal rows in the pending batch. On the next turn of the event loop
// (setImmediate: after this turn's I/O callbacks, so one batch gathers every PUBLISH read in that turn)
// the batch is handed to `commitRows`; every promise of the batch resolves after that commit, and
// rejects if it fails. While a batch commits, new writes gather in the next batch, which is handed over
// the moment the previous commit lands: the slower the store, the bigger the batches. Batches commit
// one at a time, in order, so writes issued in order are applied in order.
//
// Coalescing: outbound records change state several times in a short life (queued -> sent -> deleted
// on PUBACK). Within one pending batch only the last state of a (clientId, seq) matters, so a later
// save overwrites the earlier row in place and a delete drops it (the DELETE still runs, for rows
// committed earlier). `endCoalescing()` (deleteSession) keeps a cascade in its place.
import { PersistenceError } from '../errors.ts';
import { outboundParams, Stmt, type JournalRow } from './journal-rows.ts';
import type { OutboundRecord } from '../persistence.ts';

export interface GroupCommitStats {
  /** Transactions committed by the write queue. */
  commits: number;
  /** Write operations applied (a saveOutboundBatch or a deleteSession counts once). */
  writes: number;
  /** Largest number of writes in one commit. */
  maxBatch: number;
}

/** Applies the rows in one transaction; resolves once committed (durable). */
export type CommitRows = (rows: JournalRow[]) => Promise<void>;

interface Batch {
  rows: JournalRow[];
  /** Row index of the live saveOutbound per "clientId\u0000seq" in this batch. */
  outbound: Map<string, number>;
  writes: number;
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** A row dropped by coalescing. */
const SKIP: JournalRow = [Stmt.deleteOutbound, ['', -1]];

export class GroupCommit {
  /** Gathering writes (the last one) and full batches waiting; the first is handed over next. */
  private readonly queue: Batch[] = [];
  /** Handed to commitRows, not yet committed. */
  private inFlight: Batch | null = null;
  private timer: NodeJS.Immediate | null = null;
  private readonly counters: GroupCommitStats = { commits: 0, writes: 0, maxBatch: 0 };

  /**
   * `maxWrites`: a batch that reaches it is closed and the next writes start another, so a commit can
   * land (and its writers be acknowledged) while later writes still wait: on a store whose commit is a
   * network round trip, smaller batches overlap the store's work with the broker's. Default: no limit.
   */
  constructor(private readonly kind: string, private readonly commitRows: CommitRows, private readonly maxWrites = Infinity) {}

  private get pending(): Batch | null {
    return this.queue.at(-1) ?? null;
  }

  get stats(): Readonly<GroupCommitStats> {
    return { ...this.counters };
  }

  /** Adds one write (its rows, possibly none) to the pending batch; resolves when that batch commits. */
  enqueue(rows: readonly JournalRow[]): Promise<void> {
    const batch = this.batch();
    for (const row of rows) batch.rows.push(row);
    batch.writes += 1;
    return batch.promise;
  }

  /** One write that saves these outbound records, coalesced with earlier saves of the same keys. */
  saveOutbound(records: readonly OutboundRecord[]): Promise<void> {
    const promise = this.enqueue([]);
    const batch = this.pending!;
    for (const record of records) {
      const key = `${record.clientId}\u0000${record.seq}`;
      const row: JournalRow = [Stmt.saveOutbound, outboundParams(record)];
      const at = batch.outbound.get(key);
      if (at !== undefined) {
        batch.rows[at] = row;
      } else {
        batch.outbound.set(key, batch.rows.length);
        batch.rows.push(row);
      }
    }
    return promise;
  }

  deleteOutbound(clientId: string, seq: number): Promise<void> {
    const promise = this.enqueue([[Stmt.deleteOutbound, [clientId, seq]]]);
    // A save of the same record earlier in this batch is dead: the delete follows it in the same commit.
    const batch = this.pending!;
    const key = `${clientId}\u0000${seq}`;
    const at = batch.outbound.get(key);
    if (at !== undefined) {
      batch.rows[at] = SKIP;
      batch.outbound.delete(key);
    }
    return promise;
  }

  /** Saves issued before this point must stay before what follows (a deleteSession cascade). */
  endCoalescing(): void {
    this.pending?.outbound.clear();
  }

  /** Resolves when every write issued so far has settled (committed or failed). */
  flush(): Promise<void> {
    // Batches commit in order: the newest one settling means every earlier write has settled.
    const last = this.queue.at(-1) ?? this.inFlight;
    return last === null ? Promise.resolve() : last.promise.catch(() => undefined);
  }

  /** Hands over what is pending now (no waiting for the next turn) and waits for everything to settle. */
  drain(): Promise<void> {
    const done = this.flush();
    this.handOver();
    return done;
  }

  private batch(): Batch {
    const open = this.pending;
    if (open !== null && open.writes < this.maxWrites) return open;
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const batch: Batch = { rows: [], outbound: new Map(), writes: 0, promise, resolve, reject };
    this.queue.push(batch);
    if (this.inFlight === null && this.timer === null) this.timer = setImmediate(() => this.handOver());
    return batch;
  }

  /** Hands the pending batch over if none is committing; the next one follows when it lands. */
  private handOver(): void {
    if (this.timer !== null) clearImmediate(this.timer);
    this.timer = null;
    const batch = this.queue[0];
    if (batch === undefined || this.inFlight !== null) return;
    this.queue.shift();
    this.inFlight = batch;
    let committing: Promise<void>;
    try {
      committing = this.commitRows(batch.rows.filter((row) => row !== SKIP));
    } catch (err) {
      committing = Promise.reject(err);
    }
    committing.then(
      () => {
        this.counters.commits += 1;
        this.counters.writes += batch.writes;
        if (batch.writes > this.counters.maxBatch) this.counters.maxBatch = batch.writes;
        this.landed(batch);
        batch.resolve();
      },
      (err: unknown) => {
        this.landed(batch);
        batch.reject(new PersistenceError(this.kind, `commit of ${batch.writes} writes failed: ${(err as Error).message}`, { cause: err }));
      },
    );
  }

  private landed(batch: Batch): void {
    if (this.inFlight === batch) this.inFlight = null;
    if (this.queue.length > 0) this.handOver(); // gathered during the commit: send it now
  }
}
