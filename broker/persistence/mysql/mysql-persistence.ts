// MySQL/MariaDB Persistence (mysql2, InnoDB): the store a cluster of brokers shares.
//
// Durable before acknowledged: a batch of writes (the shared group commit, ../journal/group-commit.ts, at most 250 writes)
// is ONE InnoDB transaction sent as a few multi-statement queries; its promises resolve only when the
// server has answered the COMMIT (with innodb_flush_log_at_trx_commit=1, the default, the redo log is
// fsynced by then). While one batch commits the next gathers, so a slower server means bigger batches.
//
// Outage: when the server goes away mid-stream (connection lost, server shutting down, deadlock) the
// batch is NOT failed: it stays pending (so nothing waiting on it is acknowledged), the loss is logged
// once (`mysql.unavailable`), and the batch is retried on a new connection with backoff until the
// server is back (`mysql.resumed`). Replaying a batch whose COMMIT was lost in flight is safe: every
// statement is an upsert or a delete by key, and no later batch has run (batches go one at a time).
// A write the server refuses as such (a CHECK, a value too long) rejects its batch, as on SQLite.
// close() during an outage waits `closeDeadlineMs` for the server, then rejects what is pending.
import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { PersistenceError } from '../errors.ts';
import { JournalPersistence } from '../journal/journal-persistence.ts';
import { LOAD_TABLES, type JournalRow, type LoadRows } from '../journal/journal-rows.ts';
import type { MigrateResult } from '../journal/migration-runner.ts';
import type { InboundRecord, OutboundRecord, SessionRecord, StoredMessage, SubscriptionRecord, WillRecord } from '../persistence.ts';
import { isConnectionLost, isTransient, setupError } from './mysql-errors.ts';
import { checkKeyLengths } from './mysql-limits.ts';
import { migrateMysql } from './migrate.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';
import { describeTarget, parseMysqlUrl, type MysqlTarget } from './mysql-url.ts';
import { batchQueries, LOAD_SQL } from './statements.ts';

export interface PersistenceLogger {
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>): void;
}

export interface MysqlPersistenceOptions {
  /** `mysql://user:pass@host:port/db`; the database must exist. */
  url: string;
  clock?: { now(): number };
  logger?: PersistenceLogger;
  /** Schema migrations to apply (tests pass a prefix to build old databases). Default: all. */
  migrations?: readonly Migration[];
  /** Connect timeout of open() and of each reconnect. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** One query longer than this is a lost connection (retried). Default 30000 ms. */
  queryTimeoutMs?: number;
  /** Backoff between retries during an outage: doubles from min to max. Default 50 .. 2000 ms. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** How long close() keeps retrying an unreachable server before rejecting pending writes. Default 5000 ms. */
  closeDeadlineMs?: number;
  /** Most writes in one transaction; more wait for the next one (overlaps commits with the broker's work). Default 250. */
  maxWritesPerBatch?: number;
}

const KIND = 'mysql';
/**
 * Writes per transaction. A commit here is a round trip to another process; with the whole of a
 * publisher's window in one batch nothing overlaps it, while batches of 250 let the first ones be
 * acknowledged (and refilled) as later ones commit. Measured in bench/persistence-backends.ts (500 in
 * flight): 0.78x and 0.98x of SQLite's acknowledged rate with 250, 0.66x and 0.44x without a limit.
 */
const DEFAULT_BATCH_LIMIT = 250;
/** Session settings: strict values, and backslash escapes on (mysql2's escaping relies on it). REPEATABLE READ (the default) keeps load() one snapshot. */
const SESSION_SQL = "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'";

export class MysqlPersistence extends JournalPersistence {
  readonly kind = KIND;
  private readonly target: MysqlTarget;
  private readonly clock: { now(): number };
  private readonly logger: PersistenceLogger | undefined;
  private readonly migrationList: readonly Migration[];
  private readonly connectTimeoutMs: number;
  private readonly queryTimeoutMs: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly closeDeadlineMs: number;
  private readonly batchLimit: number;
  private conn: Connection | null = null;
  /** Largest query sent (under the server's max_allowed_packet, read at open). */
  private maxQueryBytes = 4 << 20;
  /** Since when the server has been unreachable (null while it is fine). */
  private outageSince: number | null = null;
  private closingSince: number | null = null;
  private retryTimer: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  /** What open() did to the schema (null before open). */
  migration: MigrateResult | null = null;
  /** Batches retried after a lost connection (for tests and metrics). */
  retries = 0;

  constructor(options: MysqlPersistenceOptions) {
    super();
    this.target = parseMysqlUrl(options.url); // a bad URL is refused at once, with the password hidden
    this.clock = options.clock ?? Date;
    this.logger = options.logger;
    this.migrationList = options.migrations ?? allMigrations;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 30_000;
    this.retryMinMs = options.retryMinMs ?? 50;
    this.retryMaxMs = options.retryMaxMs ?? 2000;
    this.closeDeadlineMs = options.closeDeadlineMs ?? 5000;
    this.batchLimit = options.maxWritesPerBatch ?? DEFAULT_BATCH_LIMIT;
  }

  protected override get maxWritesPerBatch(): number {
    return this.batchLimit;
  }

  /** user@host:port/db — never the password. */
  get where(): string {
    return describeTarget(this.target);
  }

  /** True while the server is unreachable and writes are held back. */
  get unavailable(): boolean {
    return this.outageSince !== null;
  }

  protected async openStore(): Promise<void> {
    let conn: Connection;
    try {
      conn = await this.connect();
    } catch (err) {
      throw setupError(err, this.target);
    }
    try {
      const [rows] = await conn.query('SELECT @@max_allowed_packet AS m');
      const max = Number((rows as { m: number }[])[0]?.m ?? 4 << 20);
      // One query is one packet: stay under max_allowed_packet (a row too big for it is refused per write, see rowTooBig).
      this.maxQueryBytes = Math.max(64 << 10, Math.min(max - (64 << 10), 256 << 20));
      this.migration = await migrateMysql(conn, this.target.database, this.migrationList, this.clock.now(), this.where);
    } catch (err) {
      await conn.end().catch(() => conn.destroy());
      if (err instanceof PersistenceError) throw err;
      throw setupError(err, this.target);
    }
    this.conn = conn;
  }

  private async connect(): Promise<Connection> {
    const conn = await mysql.createConnection({
      host: this.target.host, port: this.target.port, user: this.target.user, password: this.target.password,
      database: this.target.database, connectTimeout: this.connectTimeoutMs, multipleStatements: true, charset: 'utf8mb4',
      supportBigNumbers: true, bigNumberStrings: false,
    });
    // An idle connection whose server dies emits 'error'; it is noticed (and replaced) at the next use.
    conn.on('error', () => { if (this.conn === conn) this.conn = null; });
    await conn.query(SESSION_SQL);
    return conn;
  }

  protected commitRows(rows: JournalRow[]): Promise<void> {
    const queries = batchQueries(rows, this.maxQueryBytes);
    return this.withServer(async (conn) => {
      try {
        for (const sql of queries) await conn.query({ sql, timeout: this.queryTimeoutMs });
      } catch (err) {
        if (!isConnectionLost(err)) await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  protected loadRows(): Promise<LoadRows> {
    const sql = ['START TRANSACTION WITH CONSISTENT SNAPSHOT', ...LOAD_TABLES.map((t) => LOAD_SQL[t]), 'COMMIT'].join(';');
    return this.withServer(async (conn) => {
      const [results] = await conn.query({ sql, timeout: this.queryTimeoutMs });
      const sets = results as unknown[][];
      return Object.fromEntries(LOAD_TABLES.map((t, i) => [t, sets[i + 1]!])) as LoadRows;
    });
  }

  protected override onClosing(): void {
    this.closingSince = this.clock.now();
    this.retryTimer?.wake(); // re-check the deadline now
  }

  protected async closeStore(): Promise<void> {
    const conn = this.conn;
    this.conn = null;
    if (conn !== null) await conn.end().catch(() => conn.destroy());
  }

  /** Runs `fn` on a live connection; on a lost server, reconnects and retries with backoff (logged once). */
  private async withServer<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    let delay = this.retryMinMs;
    for (;;) {
      let err: unknown;
      try {
        this.conn ??= await this.connect();
        const result = await fn(this.conn);
        if (this.outageSince !== null) {
          this.logger?.log('warn', 'mysql.resumed', { where: this.where, afterMs: this.clock.now() - this.outageSince, retries: this.retries });
          this.outageSince = null;
        }
        return result;
      } catch (e) {
        err = e;
      }
      if (!isTransient(err) && this.conn !== null) throw err; // the server refused the write itself
      if (isConnectionLost(err) || this.conn === null) {
        this.conn?.destroy();
        this.conn = null;
      }
      const now = this.clock.now();
      if (this.outageSince === null) {
        this.outageSince = now;
        this.logger?.log('error', 'mysql.unavailable', {
          where: this.where, error: (err as { code?: string }).code ?? (err as Error).message,
          detail: 'writes are held (nothing is acknowledged) and retried until the server is back',
        });
      }
      if (this.closingSince !== null && now - Math.max(this.closingSince, this.outageSince) >= this.closeDeadlineMs) {
        throw new PersistenceError(KIND, `${this.where} unreachable for ${now - this.outageSince} ms while closing; pending writes were NOT committed`, { cause: err });
      }
      this.retries += 1;
      await this.backoff(delay);
      delay = Math.min(delay * 2, this.retryMaxMs);
    }
  }

  /** Waits `ms` before the next retry (woken early by close() so it can check its deadline). */
  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.retryTimer = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.retryTimer = { timer, wake };
    });
  }

  // ---- keys InnoDB cannot index, and rows bigger than one query may be, are refused per write, so they
  // never fail (or, as a packet the server drops the connection for, wedge) a whole batch ----

  /** A rejected promise when the message cannot fit in one query to this server (max_allowed_packet). */
  private rowTooBig(message: StoredMessage): Promise<never> | null {
    const bytes = message.payload.length * 2 + Buffer.byteLength(message.topic) * 2 + 4096;
    if (bytes <= this.maxQueryBytes) return null;
    return Promise.reject(new PersistenceError(KIND, `a message of ${message.payload.length} bytes does not fit in one query to ${this.where} ` +
      `(max_allowed_packet allows about ${Math.floor((this.maxQueryBytes - 4096) / 2)} payload bytes); raise max_allowed_packet on the server (up to 1G) or lower the broker's maxPacketSize`));
  }

  override saveSession(session: SessionRecord): Promise<void> {
    return checkKeyLengths({ clientId: session.clientId }) ?? super.saveSession(session);
  }

  override saveSubscription(sub: SubscriptionRecord): Promise<void> {
    return checkKeyLengths({ clientId: sub.clientId, filter: sub.filter }) ?? super.saveSubscription(sub);
  }

  override saveOutbound(record: OutboundRecord): Promise<void> {
    return checkKeyLengths({ clientId: record.clientId }) ?? this.rowTooBig(record.message) ?? super.saveOutbound(record);
  }

  override saveOutboundBatch(records: readonly OutboundRecord[]): Promise<void> {
    for (const r of records) {
      const refused = checkKeyLengths({ clientId: r.clientId }) ?? this.rowTooBig(r.message);
      if (refused) return refused;
    }
    return super.saveOutboundBatch(records);
  }

  override saveInbound(record: InboundRecord): Promise<void> {
    return checkKeyLengths({ clientId: record.clientId }) ?? super.saveInbound(record);
  }

  override saveRetained(message: StoredMessage): Promise<void> {
    return checkKeyLengths({ topic: message.topic }) ?? this.rowTooBig(message) ?? super.saveRetained(message);
  }

  override saveWill(will: WillRecord): Promise<void> {
    return checkKeyLengths({ clientId: will.clientId }) ?? this.rowTooBig(will.message) ?? super.saveWill(will);
  }
}
