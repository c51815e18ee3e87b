import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';
import { validateConfig } from './validate.ts';
import { DEFAULT_LIMITS } from './defaults.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/configs');

function fails(raw: unknown, key: string, pattern: RegExp): void {
  assert.throws(() => validateConfig(raw, { baseDir: '/base', checkFiles: false }), (err: unknown) => {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.key, key);
    assert.match(err.message, pattern);
    return true;
  });
}

test('defaults: one tcp listener on 127.0.0.1:1883, sqlite in ./data, anonymous allowed', () => {
  const config = validateConfig({}, { baseDir: '/srv/broker' });
  assert.deepEqual(config.listeners, [{ type: 'tcp', host: '127.0.0.1', port: 1883 }]);
  assert.deepEqual(config.persistence, { kind: 'sqlite', dir: '/srv/broker/data' });
  assert.deepEqual(config.auth, { allowAnonymous: true, users: [] });
  assert.deepEqual(config.acl, []);
  assert.deepEqual(config.limits, DEFAULT_LIMITS);
  assert.deepEqual(config.sys, { intervalMs: 10000 });
  assert.deepEqual(config.log, { level: 'info' });
});

test('the documented example validates, relative paths resolved against the config folder', () => {
  const config = loadConfig({ file: join(FIXTURES, 'all-listeners.json') });
  assert.deepEqual(config.listeners.map((l) => l.type), ['tcp', 'tls', 'ws', 'wss']);
  const tls = config.listeners[1]!;
  assert.equal(tls.type === 'tls' && tls.cert, resolve(FIXTURES, '../certs/server.crt'));
  assert.deepEqual(config.persistence, { kind: 'memory' });
  assert.equal(config.log.level, 'warn');
});

test('bad values name the key, the expectation and what was given', () => {
  fails({ limits: { maxInflight: 'ten' } }, 'config.limits.maxInflight', /^config\.limits\.maxInflight: expected a positive integer up to 65535, got "ten"$/);
  fails({ limits: { maxQueued: 0 } }, 'config.limits.maxQueued', /expected a positive integer, got 0/);
  fails({ limits: { queueQos0: 'yes' } }, 'config.limits.queueQos0', /expected true or false, got "yes"/);
  fails({ listeners: [{ type: 'tcp', port: 70000 }] }, 'config.listeners[0].port', /port number 0\.\.65535/);
  fails({ listeners: [{ type: 'udp' }] }, 'config.listeners[0].type', /expected one of "tcp", "tls", "ws", "wss", got "udp"/);
  fails({ listeners: [] }, 'config.listeners', /non-empty array/);
  fails({ listeners: [{ type: 'ws', path: 'mqtt' }] }, 'config.listeners[0].path', /starting with "\/"/);
  fails({ listeners: [{ type: 'tls' }] }, 'config.listeners[0].cert', /expected a non-empty string, got nothing/);
  fails({ persistence: { kind: 'redis' } }, 'config.persistence.kind', /"sqlite" or "memory"/);
  fails({ auth: { allowAnonymous: 1 } }, 'config.auth.allowAnonymous', /true or false/);
  fails({ auth: { users: [{ username: 'u', passwordHash: 'plain' }] } }, 'config.auth.users[0].passwordHash', /scrypt\$N\$r\$p/);
  fails({ acl: [{ allow: false, action: 'write', topic: 'a' }] }, 'config.acl[0].action', /"publish", "subscribe", "read" or "all"/);
  fails({ acl: [{ allow: false, action: 'all', topic: 'a/#/b' }] }, 'config.acl[0].topic', /"#" only as a whole last level/);
  fails({ acl: [{ action: 'all', topic: 'a' }] }, 'config.acl[0].allow', /true or false, got nothing/);
  fails({ log: { level: 'verbose' } }, 'config.log.level', /"debug", "info", "warn", "error"/);
  fails({ sys: { intervalMs: -1 } }, 'config.sys.intervalMs', /0 = no \$SYS/);
  fails([], 'config', /expected an object/);
});

test('unknown keys are refused with the list of known ones', () => {
  fails({ limts: {} }, 'config.limts', /unknown key; known keys: listeners, persistence, mysql, auth, acl, limits, sys, log/);
  fails({ limits: { maxInFlight: 3 } }, 'config.limits.maxInFlight', /known keys: maxPacketSize, maxInflight, maxQueued, connectTimeoutMs, maxConnections, maxSubscriptions, queueQos0/);
  fails({ listeners: [{ type: 'tcp', path: '/x' }] }, 'config.listeners[0].path', /known keys: type, host, port$/);
  fails({ persistence: { kind: 'memory', dir: 'x' } }, 'config.persistence.dir', /known keys: kind$/);
});

test('unreadable certificate files are reported at load', () => {
  assert.throws(() => validateConfig({ listeners: [{ type: 'tls', cert: 'nope.crt', key: 'nope.key' }] }, { baseDir: '/nowhere' }),
    /config\.listeners\[0\]\.cert: cannot read "\/nowhere\/nope\.crt" \(ENOENT\)/);
});

test('file errors: missing file, bad JSON, the fixture with a bad limit', () => {
  assert.throws(() => loadConfig({ file: '/nonexistent/broker.json' }), /cannot read the config file \(ENOENT\)/);
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  writeFileSync(join(dir, 'c.json'), '{ "listeners": [ }');
  assert.throws(() => loadConfig({ file: join(dir, 'c.json') }), (err: unknown) => err instanceof ConfigError && /not valid JSON/.test(err.message));
  assert.throws(() => loadConfig({ file: join(FIXTURES, 'bad-limits.json') }), /config\.limits\.maxInflight: expected a positive integer up to 65535, got "ten"/);
});

test('users file merged with inline users; its errors are named', () => {
  const config = loadConfig({ file: join(FIXTURES, 'auth.json') });
  assert.deepEqual(config.auth.users.map((u) => u.username).sort(), ['conformance', 'second']);
  assert.equal(config.acl.length, 2);
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  writeFileSync(join(dir, 'users.json'), JSON.stringify({ users: [{ username: 'x', passwordHash: 'nope' }] }));
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ auth: { usersFile: 'users.json' } }));
  assert.throws(() => loadConfig({ file: join(dir, 'c.json') }), /usersFile .*users\[0\]\.passwordHash: expected "scrypt/);
});

test('"mysql": a URL selects MySQL persistence; a bad one is refused without showing the password', () => {
  const config = validateConfig({ mysql: 'mysql://u:s3cret@db.example:3307/broker' }, { baseDir: '/' });
  assert.deepEqual(config.persistence, { kind: 'mysql', url: 'mysql://u:s3cret@db.example:3307/broker' });
  fails({ mysql: 'mysql://u:s3cret@db.example' }, 'config.mysql', /^config\.mysql: mysql:\/\/u:\*\*\*@db\.example: no database name/);
  fails({ mysql: 'http://u:s3cret@h/db' }, 'config.mysql', /expected the scheme mysql:\/\//);
  fails({ mysql: { url: 'mysql://u:s3cret@h/db' } }, 'config.mysql', /expected a URL string .*, got object$/);
  fails({ mysql: 'mysql://u:p@h/db', persistence: { kind: 'sqlite' } }, 'config.mysql', /cannot be combined with config\.persistence/);
  fails({ persistence: { kind: 'mysql' } }, 'config.persistence.kind', /top-level key "mysql"/);
  for (const bad of [{ mysql: 'mysql://u:s3cret@db.example' }, { mysql: { url: 'mysql://u:s3cret@h/db' } }]) {
    assert.throws(() => validateConfig(bad, { baseDir: '/' }), (err: unknown) => err instanceof Error && !err.message.includes('s3cret'));
  }
});

test('ACL rules: read rules and client-id scopes are accepted; flow-control limits have defaults', () => {
  const config = validateConfig({
    acl: [
      { allow: false, action: 'read', topic: 'secret/#' },
      { allow: true, action: 'all', topic: 'own/%c/#', clientId: 'sensor-1' },
    ],
    limits: { queueHighWater: 50 },
  }, { baseDir: '/base', checkFiles: false });
  assert.deepEqual(config.acl, [
    { allow: false, action: 'read', topic: 'secret/#' },
    { allow: true, action: 'all', topic: 'own/%c/#', clientId: 'sensor-1' },
  ]);
  assert.equal(config.limits.queueHighWater, 50);
  assert.equal(config.limits.slowConsumerMs, DEFAULT_LIMITS.slowConsumerMs);
  fails({ limits: { slowConsumerMs: 0 } }, 'config.limits.slowConsumerMs', /positive integer/);
});

test('limits and listener keys of the input budget, auth backoff, client certificates and metrics', () => {
  const config = validateConfig({ limits: { authBackoffBaseMs: 0 }, metrics: { port: 9100 } }, { baseDir: '/base', checkFiles: false });
  assert.equal(config.limits.authBackoffBaseMs, 0);
  assert.equal(config.limits.maxPacketSize, 1_048_576);
  assert.deepEqual(config.metrics, { port: 9100, host: '127.0.0.1' });
  fails({ limits: { maxPacketSize: 2_000_000, maxBufferedInputBytes: 1_000_000 } }, 'config.limits.maxBufferedInputBytes', /one packet must fit/);
  fails({ listeners: [{ type: 'tls', cert: 'c', key: 'k', requireClientCert: true }] }, 'config.listeners[0].requireClientCert', /needs clientCa/);
  fails({ metrics: { host: 'x' } }, 'config.metrics.port', /port number/);
});
