// `broker --mysql URL` and the config's "mysql" key, as a user meets them: setup problems are one line
// naming the cause, exit 2; a good URL starts the broker; the password is never printed or logged.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { mariadbAvailable, startTestMysql, type MariadbServer } from '../persistence/mysql/mariadb-server.ts';
import { runCli, spawnBroker } from './spawn-broker.ts';

const skip = !mariadbAvailable() && 'no mariadbd and no MQTT_TEST_MYSQL_URL';
const server: MariadbServer | null = skip ? null : await startTestMysql();
after(() => server?.stop());

function secretOf(url: string): string {
  return decodeURIComponent(new URL(url).password);
}

test('setup problems: one line naming the cause, exit 2, no password anywhere', { skip }, async () => {
  const db = await server!.createDatabase();
  try {
    const u = new URL(db.url);
    const secret = secretOf(db.url);
    const wrong = `wrong-${secret}`;
    const cases: [string, RegExp][] = [
      [`mysql://${u.username}:${secret}@${u.host}`, /--mysql: .*no database name after the host; expected mysql:\/\/user:password@host:3306\/database/],
      [`mysql://${u.username}:${wrong}@${u.host}/${db.name}`, /access denied for user "mqttc" on 127\.0\.0\.1:\d+: wrong user name or password/],
      [`mysql://${u.username}:${secret}@127.0.0.1:1/${db.name}`, /cannot reach the MySQL server at 127\.0\.0\.1:1 \(ECONNREFUSED\): is it running/],
      [`mysql://${u.username}:${secret}@${u.host}/missing_db`, /database "missing_db" does not exist on 127\.0\.0\.1:\d+: create it/],
    ];
    for (const [url, pattern] of cases) {
      const r = await runCli(['broker', '--port', '0', '--mysql', url, '--log-level', 'debug', '--sys-interval', '0']);
      assert.equal(r.code, 2, `${pattern}: exit 2, got ${r.code}\n${r.stderr}`);
      const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('{'));
      assert.equal(lines.length, 1, `one line:\n${r.stderr}`);
      assert.match(lines[0]!, pattern);
      for (const text of [r.stderr, r.stdout]) assert.ok(!text.includes(secret), `password shown:\n${text}`);
      assert.equal(r.stdout, '');
    }
  } finally {
    await db.drop();
  }
});

test('the config file\'s "mysql" key: a bad URL is a config error without the password; a good one serves QoS 1 from MySQL', { skip }, async () => {
  const db = await server!.createDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'mysql-cli-'));
  try {
    const secret = secretOf(db.url);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ mysql: `mysql://u:${secret}@host/db/extra` }));
    const bad = await runCli(['broker', '--config', join(dir, 'bad.json')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /config\.mysql: .*no database name after the host/);
    assert.ok(!bad.stderr.includes(secret));

    writeFileSync(join(dir, 'both.json'), JSON.stringify({ mysql: db.url, persistence: { kind: 'memory' } }));
    const both = await runCli(['broker', '--config', join(dir, 'both.json')]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /config\.mysql: cannot be combined with config\.persistence/);

    writeFileSync(join(dir, 'good.json'), JSON.stringify({ mysql: db.url, listeners: [{ type: 'tcp', port: 0 }], log: { level: 'debug' }, sys: { intervalMs: 0 } }));
    const broker = await spawnBroker(['--config', join(dir, 'good.json')]);
    try {
      const client = await connectAsync(broker.urls[0]!, { clientId: 'mysql-cli', clean: false, reconnectPeriod: 0 });
      await client.subscribeAsync('mysql/cli', { qos: 1 });
      const got = new Promise<string>((resolve) => client.once('message', (_t, p) => resolve(p.toString())));
      await client.publishAsync('mysql/cli', 'stored', { qos: 1 });
      assert.equal(await got, 'stored');
      await client.endAsync();
    } finally {
      assert.equal((await broker.stop()).code, 0);
    }
    const log = broker.stderr();
    assert.match(log, /"persistence":\{"kind":"mysql","url":"mysql:\/\/mqttc:\*\*\*@127\.0\.0\.1:\d+\/mqttc_test_\w+"\}/);
    assert.ok(!log.includes(secret), 'no password in the log');
  } finally {
    await db.drop();
  }
});
