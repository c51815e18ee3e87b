// The MySQL store while its server is gone: writes stay pending (never resolved as durable), the loss is
// logged once, retried with backoff, and everything commits once the server is back; close() during an
// outage gives up after its deadline and says the pending writes were not committed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { outbound } from '../contract.ts';
import { mariadbAvailable, startMariadb, type MariadbServer } from './mariadb-server.ts';
import { MysqlPersistence, type PersistenceLogger } from './mysql-persistence.ts';

const skip = !mariadbAvailable() || process.env.MQTT_TEST_MYSQL_URL ? 'needs a local mariadbd to kill' : false;
const server: MariadbServer | null = skip ? null : await startMariadb();
after(() => server?.stop());

class CaptureLogger implements PersistenceLogger {
  readonly lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  private waiters: { event: string; resolve: () => void }[] = [];
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level, event, fields });
    this.waiters = this.waiters.filter((w) => (w.event === event ? (w.resolve(), false) : true));
  }
  next(event: string, ms: number): Promise<void> {
    if (this.lines.some((l) => l.event === event)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
      this.waiters.push({ event, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }
  count(event: string): number {
    return this.lines.filter((l) => l.event === event).length;
  }
}

describe('MysqlPersistence during an outage', { skip }, () => {
  it('holds writes while the server is down (none resolves), logs once, commits them all when it is back', async () => {
    const db = await server!.createDatabase();
    const logger = new CaptureLogger();
    const p = new MysqlPersistence({ url: db.url, logger, retryMaxMs: 200 });
    try {
      await p.open();
      await Promise.all(Array.from({ length: 10 }, (_, i) => p.saveOutbound(outbound('c', i))));
      await server!.kill();
      const settled: number[] = [];
      const pending = Array.from({ length: 200 }, (_, k) => p.saveOutbound(outbound('c', 10 + k)).then(() => { settled.push(k); }));
      await logger.next('mysql.unavailable', 20_000);
      assert.equal(p.unavailable, true);
      assert.deepEqual(settled, [], 'nothing is reported durable while the server is gone');
      const more = p.deleteOutbound('c', 0); // writes issued during the outage queue behind
      await server!.restart();
      await Promise.all([...pending, more]);
      assert.equal(settled.length, 200);
      await logger.next('mysql.resumed', 5000);
      assert.equal(logger.count('mysql.unavailable'), 1, 'logged once, not once per retry');
      assert.ok(p.retries >= 1);
      const unavailable = logger.lines.find((l) => l.event === 'mysql.unavailable')!;
      assert.ok(!JSON.stringify(unavailable).includes(decodeURIComponent(new URL(db.url).password)), 'no password in the log');
      const seqs = (await p.load()).outbound.map((o) => o.seq);
      assert.deepEqual(seqs, Array.from({ length: 209 }, (_, i) => i + 1));
    } finally {
      await p.close();
      await db.drop();
    }
  });

  it('close() during an outage gives up after closeDeadlineMs and rejects what it could not commit', async () => {
    const db = await server!.createDatabase();
    const logger = new CaptureLogger();
    const p = new MysqlPersistence({ url: db.url, logger, retryMaxMs: 100, closeDeadlineMs: 300 });
    try {
      await p.open();
      await p.saveOutbound(outbound('c', 1));
      await server!.kill();
      const lost = p.saveOutbound(outbound('c', 2));
      await logger.next('mysql.unavailable', 20_000);
      const closing = p.close();
      await assert.rejects(lost, /unreachable for \d+ ms while closing; pending writes were NOT committed/);
      await closing;
      await server!.restart();
      const check = new MysqlPersistence({ url: db.url });
      await check.open();
      assert.deepEqual((await check.load()).outbound.map((o) => o.seq), [1]);
      await check.close();
    } finally {
      await db.drop();
    }
  });
});
