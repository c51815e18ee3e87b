// The shared contract and the MySQL-only behaviour, against a private mariadbd (or MQTT_TEST_MYSQL_URL).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { message, outbound, runPersistenceContract } from '../contract.ts';
import { PersistenceError, SchemaTooNewError } from '../errors.ts';
import { SchemaMismatchError } from '../journal/schema-check.ts';
import { mariadbAvailable, startTestMysql, type MariadbServer } from './mariadb-server.ts';
import { readSchemaVersion } from './migrate.ts';
import { migration001Initial } from './migrations/001-initial.ts';
import { migrations } from './migrations/index.ts';
import { MysqlPersistence } from './mysql-persistence.ts';
import { MysqlSetupError } from './mysql-url.ts';

const skip = !mariadbAvailable() && 'no mariadbd and no MQTT_TEST_MYSQL_URL';
const server: MariadbServer | null = skip ? null : await startTestMysql();
after(() => server?.stop());

async function freshDb(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  return server!.createDatabase();
}

async function sql<T = unknown>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const conn = await mysql.createConnection({ uri: url, multipleStatements: true });
  try {
    const [rows] = await conn.query(text, values);
    return rows as T[];
  } finally {
    await conn.end();
  }
}

if (server !== null) {
  runPersistenceContract('mysql', async () => {
    const db = await freshDb();
    return {
      create: () => new MysqlPersistence({ url: db.url }),
      reopen: () => new MysqlPersistence({ url: db.url }),
      dispose: () => db.drop(),
    };
  });
}

/** open() must fail; returns the error. */
async function refused(p: MysqlPersistence): Promise<Error> {
  const err = await p.open().then(() => assert.fail('open() should have refused'), (e: unknown) => e as Error);
  await p.close();
  return err;
}

describe('MysqlPersistence (backend-only)', { skip }, () => {
  it('creates the InnoDB schema at the newest version, meta holding schema_version and migrated_at', async () => {
    const db = await freshDb();
    try {
      const p = new MysqlPersistence({ url: db.url, clock: { now: () => 1234 } });
      await p.open();
      assert.deepEqual(p.migration, { from: 0, to: migrations.length });
      await p.close();
      const meta = await sql<{ key: string; value: string }>(db.url, 'SELECT `key`, value FROM meta ORDER BY `key`');
      assert.deepEqual(meta.map((r) => [r.key, r.value]), [['migrated_at', '1234'], ['schema_version', String(migrations.length)]]);
      const engines = await sql<{ e: string }>(db.url, 'SELECT DISTINCT ENGINE AS e FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
      assert.deepEqual(engines.map((r) => r.e), ['InnoDB']);
    } finally {
      await db.drop();
    }
  });

  it('upgrades a version-1 database in place: rows survive, version-2 columns work', async () => {
    const db = await freshDb();
    try {
      const v1 = new MysqlPersistence({ url: db.url, migrations: [migration001Initial] });
      await v1.open();
      assert.deepEqual(v1.migration, { from: 0, to: 1 });
      await v1.close();
      await sql(db.url, `INSERT INTO sessions (client_id, protocol_version, created_at, disconnected_at) VALUES ('old', 4, 10, 20);
        INSERT INTO outbound (client_id, seq, packet_id, state, topic, payload, qos, retain, properties, received_at) VALUES ('old', 1, 5, 'sent', 'a/b', X'000102', 1, 0, NULL, 30);
        INSERT INTO wills (client_id, topic, payload, qos, retain, properties, received_at) VALUES ('old', 'w', '', 1, 0, NULL, 50)`);
      const p = new MysqlPersistence({ url: db.url });
      await p.open();
      assert.deepEqual(p.migration, { from: 1, to: 2 });
      const s = await p.load();
      assert.deepStrictEqual(s.sessions, [{ clientId: 'old', protocolVersion: 4, createdAt: 10, disconnectedAt: 20 }]);
      assert.deepStrictEqual(s.outbound, [
        { clientId: 'old', seq: 1, packetId: 5, state: 'sent', message: { topic: 'a/b', payload: Buffer.from([0, 1, 2]), qos: 1, retain: false, receivedAt: 30 } },
      ]);
      await p.saveSession({ clientId: 'old', protocolVersion: 5, createdAt: 10, expiryInterval: 99, disconnectedAt: null });
      await p.saveWill({ clientId: 'old', message: message('w'), delayInterval: 7 });
      const s2 = await p.load();
      assert.equal(s2.sessions[0]!.expiryInterval, 99);
      assert.equal(s2.wills[0]!.delayInterval, 7);
      await p.close();
      const again = new MysqlPersistence({ url: db.url });
      await again.open();
      assert.deepEqual(again.migration, { from: 2, to: 2 });
      await again.close();
    } finally {
      await db.drop();
    }
  });

  it('refuses a newer schema with SchemaTooNewError and leaves the database untouched', async () => {
    const db = await freshDb();
    try {
      const p = new MysqlPersistence({ url: db.url });
      await p.open();
      await p.saveRetained(message('r', 'x', { retain: true }));
      await p.close();
      await sql(db.url, "UPDATE meta SET value = '99' WHERE `key` = 'schema_version'");
      const err = await refused(new MysqlPersistence({ url: db.url }));
      assert.ok(err instanceof SchemaTooNewError, String(err));
      assert.match(err.message, /schema version 99, newer than the 2 this broker supports; upgrade the broker/);
      const conn = await mysql.createConnection(db.url);
      assert.equal(await readSchemaVersion(conn), 99);
      await conn.end();
      assert.deepEqual(await sql(db.url, 'SELECT COUNT(*) AS n FROM retained'), [{ n: 1 }]);
    } finally {
      await db.drop();
    }
  });

  it('refuses a foreign database (tables, no schema version) and creates nothing in it', async () => {
    const db = await freshDb();
    try {
      await sql(db.url, 'CREATE TABLE customers (id INT PRIMARY KEY); CREATE TABLE orders (id INT PRIMARY KEY)');
      const err = await refused(new MysqlPersistence({ url: db.url }));
      assert.ok(err instanceof SchemaMismatchError, String(err));
      assert.match(err.message, /has tables \(customers, orders\) but no meta\.schema_version.*empty database/);
      const names = await sql<{ t: string }>(db.url, 'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY t');
      assert.deepEqual(names.map((r) => r.t), ['customers', 'orders']);
    } finally {
      await db.drop();
    }
  });

  it('refuses a damaged database: a table missing, a column of the wrong type; says what and what to do', async () => {
    const db = await freshDb();
    try {
      const p = new MysqlPersistence({ url: db.url });
      await p.open();
      await p.close();
      await sql(db.url, 'DROP TABLE wills; ALTER TABLE outbound MODIFY seq VARCHAR(20) NOT NULL');
      const err = await refused(new MysqlPersistence({ url: db.url }));
      assert.ok(err instanceof SchemaMismatchError, String(err));
      assert.deepEqual(err.problems, ['column outbound.seq holds text, expected int', 'table wills is missing']);
      assert.match(err.message, /restore it from a backup, or start the broker on an empty database/);
    } finally {
      await db.drop();
    }
  });

  it('setup errors name the cause in one line and never show the password', async () => {
    const db = await freshDb();
    try {
      const u = new URL(db.url);
      const secret = decodeURIComponent(u.password);
      const cases: [string, string, RegExp][] = [];
      cases.push([`${u.protocol}//${u.username}:not-the-password-${secret.slice(0, 3)}@${u.host}/${db.name}`, 'credentials', /access denied for user "mqttc" on 127\.0\.0\.1:\d+: wrong user name or password/]);
      cases.push([`${u.protocol}//${u.username}:${u.password}@${u.host}/no_such_db`, 'database', /database "no_such_db" does not exist on 127\.0\.0\.1:\d+: create it/]);
      cases.push([`${u.protocol}//${u.username}:${u.password}@127.0.0.1:1/${db.name}`, 'unreachable', /cannot reach the MySQL server at 127\.0\.0\.1:1 \(ECONNREFUSED\)/]);
      for (const [url, problem, pattern] of cases) {
        const err = await refused(new MysqlPersistence({ url }));
        assert.ok(err instanceof MysqlSetupError, String(err));
        assert.equal(err.problem, problem);
        assert.match(err.message, pattern);
        assert.ok(!err.message.includes(secret) && !err.message.includes('not-the-password'), `no password in: ${err.message}`);
        assert.equal(err.message.includes('\n'), false);
      }
      for (const [url, pattern] of [
        ['mysql://', /not a URL|no host/],
        [`postgres://u:${secret}@h/db`, /expected the scheme mysql:\/\//],
        [`mysql://u:${secret}@h:3306`, /no database name/],
        [`mysql://u:${secret}@h:99999/db`, /not a URL/],
      ] as const) {
        assert.throws(() => new MysqlPersistence({ url }), (err: unknown) => {
          assert.ok(err instanceof MysqlSetupError && err.problem === 'url', String(err));
          assert.match(err.message, pattern);
          assert.ok(!err.message.includes(secret), err.message);
          return true;
        });
      }
    } finally {
      await db.drop();
    }
  });

  it('group commit: N writes issued in one tick share transactions of at most maxWritesPerBatch (250 by default)', async () => {
    const db = await freshDb();
    try {
      const n = 2_000;
      for (const [limit, commits] of [[undefined, 8], [Infinity, 1]] as const) {
        const p = new MysqlPersistence({ url: db.url, ...(limit !== undefined ? { maxWritesPerBatch: limit } : {}) });
        await p.open();
        await Promise.all(Array.from({ length: n }, (_, i) => p.saveOutbound(outbound(`c${commits}`, i, { message: message('t', Buffer.alloc(1024, i % 256)) }))));
        assert.deepEqual(p.stats, { commits, writes: n, maxBatch: n / commits });
        await p.close();
      }
      const check = new MysqlPersistence({ url: db.url });
      await check.open();
      assert.equal((await check.load()).outbound.length, 2 * n);
      await check.close();
    } finally {
      await db.drop();
    }
  });

  it('a commit the server refuses rejects its whole batch; the next batch works', async () => {
    const db = await freshDb();
    try {
      const p = new MysqlPersistence({ url: db.url });
      await p.open();
      const a = p.saveOutbound(outbound('c', 2));
      const b = p.saveOutbound(outbound('c', 1, { state: 'bogus' as 'sent' })); // violates CHECK (state IN …)
      await assert.rejects(a, PersistenceError);
      await assert.rejects(b, /commit of 2 writes failed/);
      assert.deepEqual((await p.load()).outbound, [], 'rolled back');
      await p.saveOutbound(outbound('c', 3));
      assert.deepEqual((await p.load()).outbound.map((o) => o.seq), [3]);
      await p.close();
    } finally {
      await db.drop();
    }
  });

  it('a key too long to index is refused for that write only; the rest of the batch commits', async () => {
    const db = await freshDb();
    try {
      const p = new MysqlPersistence({ url: db.url });
      await p.open();
      const long = 'x'.repeat(1025);
      const good = p.saveOutbound(outbound('ok', 1));
      await assert.rejects(p.saveSession({ clientId: long, protocolVersion: 4, createdAt: 1 }), /clientId of 1025 bytes is longer than the 1024/);
      await assert.rejects(p.saveRetained(message('t'.repeat(3073))), /topic of 3073 bytes/);
      await good;
      assert.deepEqual((await p.load()).outbound.map((o) => o.clientId), ['ok']);
      await p.close();
    } finally {
      await db.drop();
    }
  });

  it('a batch bigger than max_allowed_packet is cut into several queries of one transaction; a message too big for one query is refused alone', async () => {
    const db = await freshDb();
    const before = (await sql<{ m: number }>(db.url, 'SELECT @@GLOBAL.max_allowed_packet AS m'))[0]!.m;
    await sql(db.url, 'SET GLOBAL max_allowed_packet = 1048576');
    try {
      const p = new MysqlPersistence({ url: db.url });
      await p.open();
      try {
        const big = (i: number) => outbound('c', i, { message: message('t', Buffer.alloc(100_000, i)) });
        const writes = Array.from({ length: 30 }, (_, i) => p.saveOutbound(big(i)));
        const tooBig = assert.rejects(p.saveOutbound(outbound('c', 99, { message: message('t', Buffer.alloc(600_000)) })),
          /a message of 600000 bytes does not fit in one query .*raise max_allowed_packet/);
        await Promise.all([...writes, tooBig]);
        assert.equal(p.stats.commits, 1, 'one transaction');
        const out = (await p.load()).outbound;
        assert.equal(out.length, 30);
        for (const o of out) assert.ok(o.message.payload.equals(Buffer.alloc(100_000, o.seq)), `payload ${o.seq} intact`);
      } finally {
        await p.close();
      }
    } finally {
      await sql(db.url, `SET GLOBAL max_allowed_packet = ${Number(before)}`);
      await db.drop();
    }
  });

  it('keys are byte-exact: case and trailing spaces make different client ids and topics', async () => {
    const db = await freshDb();
    try {
      const p = new MysqlPersistence({ url: db.url });
      await p.open();
      await Promise.all(['a', 'A', 'a ', 'ä'].map((t) => p.saveRetained(message(t, t, { retain: true }))));
      await Promise.all(['c', 'C', 'c '].map((id) => p.saveSession({ clientId: id, protocolVersion: 4, createdAt: 1 })));
      const s = await p.load();
      assert.deepEqual(s.retained.map((m) => m.topic).sort(), ['A', 'a', 'a ', 'ä']);
      assert.deepEqual(s.sessions.map((x) => x.clientId).sort(), ['C', 'c', 'c ']);
      await p.close();
    } finally {
      await db.drop();
    }
  });
});
