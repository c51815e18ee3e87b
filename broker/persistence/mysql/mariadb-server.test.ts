import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import mysql from 'mysql2/promise';
import { mariadbAvailable, startTestMysql } from './mariadb-server.ts';

test('a private mariadbd starts, serves a fresh database, survives SIGKILL + restart with its data, and stops', { skip: !mariadbAvailable() && 'no mariadbd and no MQTT_TEST_MYSQL_URL' }, async (t) => {
  const server = await startTestMysql();
  try {
    t.diagnostic(`datadir ready in ${server.installMs.toFixed(0)} ms (copy of the installed template), mariadbd accepting connections after ${server.startMs.toFixed(0)} ms`);
    const db = await server.createDatabase();
    const conn = await mysql.createConnection(db.url);
    await conn.query('CREATE TABLE t (x INT) ENGINE=InnoDB');
    await conn.query('INSERT INTO t VALUES (42)');
    await conn.end();
    if (server.pid !== null) {
      await server.kill();
      await assert.rejects(mysql.createConnection(db.url), /ECONNREFUSED|connect/);
      await server.restart();
      const again = await mysql.createConnection(db.url);
      const [rows] = await again.query('SELECT x FROM t');
      assert.deepEqual(rows, [{ x: 42 }]);
      await again.end();
    }
    await db.drop();
  } finally {
    await server.stop();
  }
  if (server.datadir !== null) assert.equal(existsSync(server.datadir), false, 'datadir removed');
});
