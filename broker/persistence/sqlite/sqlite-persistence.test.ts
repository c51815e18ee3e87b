import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { message, outbound, runPersistenceContract } from '../contract.ts';
import { PersistenceError, SchemaTooNewError } from '../errors.ts';
import { SchemaMismatchError } from '../journal/schema-check.ts';
import { migrate, readSchemaVersion } from './migrate.ts';
import { migration001Initial } from './migrations/001-initial.ts';
import { migrations } from './migrations/index.ts';
import { SqlitePersistence } from './sqlite-persistence.ts';

function tempDir(): { dir: string; file: string; dispose: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-sqlite-'));
  return { dir, file: join(dir, 'broker.db'), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

for (const writer of ['worker', 'inline'] as const) {
  runPersistenceContract(`sqlite (${writer} writer)`, () => {
    const t = tempDir();
    return {
      create: () => new SqlitePersistence({ file: t.file, writer }),
      reopen: () => new SqlitePersistence({ file: t.file, writer }),
      dispose: t.dispose,
    };
  });
}

describe('SqlitePersistence (backend-only)', () => {
  it('creates the schema at the newest version, in WAL mode with synchronous=FULL', async () => {
    const t = tempDir();
    try {
      const p = new SqlitePersistence({ file: t.file, clock: { now: () => 1234 } });
      await p.open();
      assert.deepEqual(p.migration, { from: 0, to: migrations.length });
      await p.close();
      const db = new Database(t.file);
      assert.equal(readSchemaVersion(db), migrations.length);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal((db.prepare("SELECT value FROM meta WHERE key = 'migrated_at'").get() as { value: string }).value, '1234');
      db.close();
    } finally {
      await t.dispose();
    }
  });

  it('upgrades a version-1 database in place: rows survive, new columns work', async () => {
    const t = tempDir();
    try {
      const v1 = new Database(t.file);
      assert.deepEqual(await migrate(v1, [migration001Initial], 1), { from: 0, to: 1 });
      v1.prepare('INSERT INTO sessions (client_id, protocol_version, created_at, disconnected_at) VALUES (?, ?, ?, ?)').run('old', 4, 10, 20);
      v1.prepare('INSERT INTO subscriptions (client_id, filter, qos, options) VALUES (?, ?, ?, NULL)').run('old', 'a/#', 1);
      v1.prepare(
        `INSERT INTO outbound (client_id, seq, packet_id, state, topic, payload, qos, retain, properties, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
      ).run('old', 1, 5, 'sent', 'a/b', Buffer.from([0, 1, 2]), 1, 0, 30);
      v1.prepare('INSERT INTO retained (topic, payload, qos, retain, properties, received_at) VALUES (?, ?, ?, 1, NULL, ?)').run('r', Buffer.from('kept'), 0, 40);
      v1.prepare('INSERT INTO wills (client_id, topic, payload, qos, retain, properties, received_at) VALUES (?, ?, ?, ?, 0, NULL, ?)').run('old', 'w', Buffer.alloc(0), 1, 50);
      v1.close();

      const p = new SqlitePersistence({ file: t.file });
      await p.open();
      assert.deepEqual(p.migration, { from: 1, to: 2 });
      const s = await p.load();
      assert.deepStrictEqual(s.sessions, [{ clientId: 'old', protocolVersion: 4, createdAt: 10, disconnectedAt: 20 }]);
      assert.deepStrictEqual(s.subscriptions, [{ clientId: 'old', filter: 'a/#', qos: 1 }]);
      assert.deepStrictEqual(s.outbound, [
        { clientId: 'old', seq: 1, packetId: 5, state: 'sent', message: { topic: 'a/b', payload: Buffer.from([0, 1, 2]), qos: 1, retain: false, receivedAt: 30 } },
      ]);
      assert.deepStrictEqual(s.retained, [{ topic: 'r', payload: Buffer.from('kept'), qos: 0, retain: true, receivedAt: 40 }]);
      assert.deepStrictEqual(s.wills, [{ clientId: 'old', message: { topic: 'w', payload: Buffer.alloc(0), qos: 1, retain: false, receivedAt: 50 } }]);
      // Version-2 columns are usable on the upgraded database.
      await p.saveSession({ clientId: 'old', protocolVersion: 5, createdAt: 10, expiryInterval: 99, disconnectedAt: null });
      await p.saveWill({ clientId: 'old', message: message('w'), delayInterval: 7 });
      const s2 = await p.load();
      assert.equal(s2.sessions[0]!.expiryInterval, 99);
      assert.equal(s2.wills[0]!.delayInterval, 7);
      await p.close();
      // Opening again migrates nothing.
      const again = new SqlitePersistence({ file: t.file });
      await again.open();
      assert.deepEqual(again.migration, { from: 2, to: 2 });
      await again.close();
    } finally {
      await t.dispose();
    }
  });

  it('refuses a database from a newer schema with SchemaTooNewError, and leaves it untouched', async () => {
    const t = tempDir();
    try {
      const p = new SqlitePersistence({ file: t.file });
      await p.open();
      await p.saveRetained(message('r', 'x', { retain: true }));
      await p.close();
      const db = new Database(t.file);
      db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
      db.close();

      const newer = new SqlitePersistence({ file: t.file });
      const err = await newer.open().then(
        () => assert.fail('open() should refuse schema 99'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof SchemaTooNewError);
      assert.equal(err.found, 99);
      assert.equal(err.supported, migrations.length);
      assert.match(err.message, /schema version 99, newer than the 2/);
      const check = new Database(t.file);
      assert.equal(readSchemaVersion(check), 99);
      assert.equal((check.prepare('SELECT count(*) AS n FROM retained').get() as { n: number }).n, 1);
      check.close();
    } finally {
      await t.dispose();
    }
  });

  it('refuses a foreign database (tables, no schema version) and a damaged one, saying what was found', async () => {
    const t = tempDir();
    try {
      const foreign = new Database(t.file);
      foreign.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
      foreign.close();
      await assert.rejects(new SqlitePersistence({ file: t.file }).open(), (err: unknown) =>
        err instanceof SchemaMismatchError && /has tables \(customers\) but no meta\.schema_version/.test(err.message));
      const check = new Database(t.file);
      assert.equal(readSchemaVersion(check), 0, 'nothing was created in it');
      check.close();
      await t.dispose();

      const d = tempDir();
      const p = new SqlitePersistence({ file: d.file });
      await p.open();
      await p.close();
      const db = new Database(d.file);
      db.exec('DROP TABLE inbound; ALTER TABLE wills DROP COLUMN delay_interval');
      db.close();
      const err = await new SqlitePersistence({ file: d.file }).open().then(() => assert.fail('should refuse'), (e: unknown) => e);
      assert.ok(err instanceof SchemaMismatchError, String(err));
      assert.deepEqual(err.problems, ['table inbound is missing', 'column wills.delay_interval is missing']);
      await d.dispose();
    } finally {
      await t.dispose();
    }
  });

  it('rolls back a failing migration: the database stays at its version', async () => {
    const t = tempDir();
    try {
      const broken = { version: 2, name: 'broken', up: (d: Database.Database) => { d.exec('ALTER TABLE nope ADD COLUMN x'); } };
      const p = new SqlitePersistence({ file: t.file, migrations: [migration001Initial, broken] });
      await assert.rejects(p.open(), /migration 0 -> 2 failed/);
      const db = new Database(t.file);
      assert.equal(readSchemaVersion(db), 0);
      db.close();
    } finally {
      await t.dispose();
    }
  });

  it('group commit: N writes issued in one tick are committed in far fewer than N transactions', async () => {
    const t = tempDir();
    try {
      const p = new SqlitePersistence({ file: t.file });
      await p.open();
      const n = 1_000;
      const promises: Promise<void>[] = [];
      for (let i = 0; i < n; i++) promises.push(p.saveOutbound(outbound('c', i)));
      await Promise.all(promises);
      assert.equal(p.stats.writes, n);
      assert.equal(p.stats.commits, 1, 'all writes of one tick share a single commit');
      assert.equal(p.stats.maxBatch, n);
      // Writes from separate ticks go to separate commits.
      await p.deleteOutbound('c', 0);
      await p.deleteOutbound('c', 1);
      assert.equal(p.stats.commits, 3);
      await p.close();
    } finally {
      await t.dispose();
    }
  });

  it('a failed commit rejects every promise of its batch and the next batch still works', async () => {
    const t = tempDir();
    try {
      const p = new SqlitePersistence({ file: t.file });
      await p.open();
      const bad = outbound('c', 1, { state: 'bogus' as 'sent' }); // violates CHECK (state IN …)
      const a = p.saveOutbound(outbound('c', 2));
      const b = p.saveOutbound(bad);
      await assert.rejects(a, PersistenceError);
      await assert.rejects(b, /commit of 2 writes failed/);
      assert.deepEqual((await p.load()).outbound, [], 'the whole batch was rolled back');
      await p.saveOutbound(outbound('c', 3));
      assert.deepEqual((await p.load()).outbound.map((o) => o.seq), [3]);
      await p.close();
    } finally {
      await t.dispose();
    }
  });

  it('refuses a second instance on a file that is open (exclusive lock)', async () => {
    const t = tempDir();
    try {
      const a = new SqlitePersistence({ file: t.file });
      await a.open();
      const b = new SqlitePersistence({ file: t.file, busyTimeoutMs: 0 });
      await assert.rejects(b.open(), /in use by another process|locked/);
      await a.close();
      await b.close();
      const c = new SqlitePersistence({ file: t.file });
      await c.open();
      await c.close();
    } finally {
      await t.dispose();
    }
  });
});
