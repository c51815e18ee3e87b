// SQLite Persistence (better-sqlite3): the reference broker's embedded default.
//
// Durability: WAL journal with synchronous=FULL, so a commit is fsynced before its promise resolves
// ("durable before acknowledged" holds across power loss; WAL+NORMAL would only survive a process crash).
// Group commit, pipelined, and the record -> row mapping are the shared journal's
// (../journal/group-commit.ts, ../journal/journal-persistence.ts); this file opens the file, migrates
// it and hands batches to a writer.
//
// The writer is a worker thread by default (`writer: 'worker'`), so the fsync never blocks the broker's
// event loop; `writer: 'inline'` commits on this thread (simpler, blocks during each fsync).
// The file is locked exclusively while open: a second broker on the same file is refused.
import Database from 'better-sqlite3';
import { PersistenceError } from '../errors.ts';
import { JournalPersistence } from '../journal/journal-persistence.ts';
import type { JournalRow, LoadRows } from '../journal/journal-rows.ts';
import type { MigrateResult } from '../journal/migration-runner.ts';
import { InlineWriter, WorkerWriter, type JournalWriter } from './journal-writer.ts';
import { migrate } from './migrate.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

export type { GroupCommitStats } from '../journal/group-commit.ts';

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

const KIND = 'sqlite';

export class SqlitePersistence extends JournalPersistence {
  readonly kind = KIND;
  private readonly file: string;
  private readonly clock: { now(): number };
  private readonly migrationList: readonly Migration[];
  private readonly busyTimeoutMs: number;
  private readonly writerKind: 'worker' | 'inline';
  private writer: JournalWriter | null = null;
  /** What open() did to the schema (null before open). */
  migration: MigrateResult | null = null;

  constructor(options: SqlitePersistenceOptions) {
    super();
    this.file = options.file;
    this.clock = options.clock ?? Date;
    this.migrationList = options.migrations ?? allMigrations;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 500;
    this.writerKind = options.writer ?? 'worker';
  }

  protected async openStore(): Promise<void> {
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
      this.migration = await migrate(db, this.migrationList, this.clock.now(), this.file);
      if (this.writerKind === 'inline') {
        this.writer = new InlineWriter(db);
      } else {
        db.close(); // releases the lock; the writer thread takes it at once
        this.writer = await WorkerWriter.start(this.file, this.busyTimeoutMs);
      }
    } catch (err) {
      if (db.open) db.close();
      throw openError(this.file, err);
    }
  }

  protected commitRows(rows: JournalRow[]): Promise<void> {
    return this.writer!.commit(rows);
  }

  protected loadRows(): Promise<LoadRows> {
    return this.writer!.load();
  }

  protected async closeStore(): Promise<void> {
    await this.writer!.close();
    this.writer = null;
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
