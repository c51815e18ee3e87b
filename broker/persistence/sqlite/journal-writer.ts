// Who applies the journal: the broker's own thread (inline) or a dedicated thread (worker).
// Both apply a batch of rows in ONE transaction and resolve once it is committed (fsynced).
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { JournalRow, LoadRows } from '../journal/journal-rows.ts';
import { LOAD_SQL, WRITE_SQL } from './statements.ts';

export interface JournalWriter {
  commit(rows: JournalRow[]): Promise<void>;
  load(): Promise<LoadRows>;
  close(): Promise<void>;
}

/** Error raised inside the writer, with SQLite's code (e.g. SQLITE_BUSY, SQLITE_CONSTRAINT_CHECK). */
export class WriterError extends Error {
  constructor(message: string, readonly code: string | null) {
    super(message);
    this.name = 'WriterError';
  }
}

/** Commits on the calling thread: simple, but the fsync blocks the event loop. */
export class InlineWriter implements JournalWriter {
  private readonly apply: (rows: JournalRow[]) => void;
  private readonly read: () => LoadRows;

  constructor(private readonly db: Database.Database) {
    const statements = WRITE_SQL.map((sql) => db.prepare(sql));
    this.apply = db.transaction((rows: JournalRow[]) => {
      for (const [stmt, params] of rows) statements[stmt]!.run(...bindable(params));
    });
    const queries = Object.entries(LOAD_SQL).map(([key, sql]) => [key, db.prepare(sql)] as const);
    this.read = db.transaction(() => Object.fromEntries(queries.map(([key, q]) => [key, q.all()])) as LoadRows);
  }

  commit(rows: JournalRow[]): Promise<void> {
    try {
      this.apply(rows);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(new WriterError((err as Error).message, (err as { code?: string }).code ?? null));
    }
  }

  load(): Promise<LoadRows> {
    return Promise.resolve(this.read());
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

function bindable(params: unknown[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p instanceof Uint8Array && !Buffer.isBuffer(p)) params[i] = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  }
  return params;
}

type Reply = { type: 'ready' } | { type: 'failed'; message: string; code: string | null } | { type: 'done'; id: number; rows?: LoadRows; error?: { message: string; code: string | null } };

interface Pending {
  resolve: (rows: LoadRows | undefined) => void;
  reject: (err: Error) => void;
}

/** Commits on a worker thread that owns the connection; the event loop never waits for an fsync. */
export class WorkerWriter implements JournalWriter {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      if (m.type !== 'done') return;
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0 && !this.closing) worker.unref();
      if (m.error !== undefined) p.reject(new WriterError(m.error.message, m.error.code));
      else p.resolve(m.rows);
    });
    const fail = (err: Error): void => {
      this.dead = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new WriterError(`journal writer thread exited (${code})`, null)));
  }

  /** Starts the thread and waits until it holds the database (or reports why it cannot). */
  static start(file: string, timeoutMs: number): Promise<WorkerWriter> {
    const worker = new Worker(new URL('./journal-worker.mjs', import.meta.url), {
      workerData: { file, timeoutMs, writeSql: WRITE_SQL, loadSql: LOAD_SQL },
      execArgv: [], // plain JS: no loader needed in the thread
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number): void => reject(new WriterError(`journal writer thread exited (${code}) before it was ready`, null));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (m: Reply) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (m.type === 'ready') {
          worker.unref();
          resolve(new WorkerWriter(worker));
        } else if (m.type === 'failed') {
          void worker.terminate();
          reject(new WriterError(m.message, m.code));
        }
      });
    });
  }

  commit(rows: JournalRow[]): Promise<void> {
    return this.request({ type: 'commit', rows }).then(() => undefined);
  }

  async load(): Promise<LoadRows> {
    return (await this.request({ type: 'load' }))!;
  }

  async close(): Promise<void> {
    if (this.dead !== null) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.closing = true; // stay referenced until the thread is gone
    this.worker.ref();
    await this.request({ type: 'close' });
    await exited;
  }

  private request(message: { type: 'commit'; rows: JournalRow[] } | { type: 'load' } | { type: 'close' }): Promise<LoadRows | undefined> {
    if (this.dead !== null) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref(); // keep the process alive until it is durable
      this.worker.postMessage({ ...message, id });
    });
  }
}
