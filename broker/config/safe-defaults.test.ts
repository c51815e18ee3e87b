import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brokerMain } from '../cli/broker-main.ts';
import { SilentLogger } from '../log/json-logger.ts';
import { ConfigError } from './config-error.ts';
import { applySafeDefaults, isLoopbackHost } from './safe-defaults.ts';
import { validateConfig } from './validate.ts';

const HASH = `scrypt$16384$8$1$${Buffer.alloc(16, 1).toString('base64')}$${Buffer.alloc(32, 2).toString('base64')}`;

function config(raw: Record<string, unknown>) {
  return validateConfig({ persistence: { kind: 'memory' }, ...raw }, { baseDir: '/', checkFiles: false });
}

test('loopback hosts: 127.0.0.0/8, ::1, localhost; wildcards and other addresses are not', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.1', 'broker.example', '::ffff:10.0.0.1', '']) assert.equal(isLoopbackHost(h), false, h);
});

test('every listener on loopback: anonymous allowed by default, as before', () => {
  const c = applySafeDefaults(config({ listeners: [{ type: 'tcp', host: '127.0.0.1', port: 0 }, { type: 'ws', host: '::1', port: 0 }] }));
  assert.equal(c.auth.allowAnonymous, true);
});

test('a non-loopback listener with no users and no explicit allowAnonymous: true is refused, saying how to fix it', () => {
  for (const raw of [
    { listeners: [{ type: 'tcp', host: '127.0.0.1', port: 0 }, { type: 'tcp', host: '0.0.0.0', port: 0 }] },
    { listeners: [{ type: 'tcp', host: '0.0.0.0', port: 0 }], auth: { allowAnonymous: false } },
  ]) {
    assert.throws(() => applySafeDefaults(config(raw)), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.key, /^config\.listeners\[\d\]\.host$/);
      assert.match(err.message, /"0\.0\.0\.0" is not a loopback address and no users are configured/);
      assert.match(err.message, /adduser --config FILE --username NAME/);
      assert.match(err.message, /"allowAnonymous": true/);
      return true;
    });
  }
});

test('a non-loopback listener: allowed with explicit allowAnonymous: true, or with users (then anonymous is refused unless explicit)', () => {
  const open = applySafeDefaults(config({ listeners: [{ type: 'tcp', host: '0.0.0.0', port: 0 }], auth: { allowAnonymous: true } }));
  assert.equal(open.auth.allowAnonymous, true);
  const users = [{ username: 'u', passwordHash: HASH }];
  const withUsers = applySafeDefaults(config({ listeners: [{ type: 'tcp', host: '0.0.0.0', port: 0 }], auth: { users } }));
  assert.equal(withUsers.auth.allowAnonymous, false, 'anonymous off by default once the broker is on the network');
  const both = applySafeDefaults(config({ listeners: [{ type: 'tcp', host: '0.0.0.0', port: 0 }], auth: { users, allowAnonymous: true } }));
  assert.equal(both.auth.allowAnonymous, true);
});

test('broker --host 0.0.0.0 with no users: refused at start, exit 2, nothing bound', async () => {
  const err: string[] = [];
  const out: string[] = [];
  let created = false;
  const code = await brokerMain(['--host', '0.0.0.0', '--port', '0', '--memory'], {
    stdout: (t) => out.push(t), stderr: (t) => err.push(t),
    deps: { logger: new SilentLogger(), createBroker: () => { created = true; throw new Error('must not get this far'); } },
  });
  assert.equal(code, 2);
  assert.equal(created, false);
  assert.deepEqual(out, []);
  assert.match(err.join(''), /^mqtt-conformance broker: config\.listeners\[0\]\.host: "0\.0\.0\.0" is not a loopback address/);
  assert.equal(err.join('').trim().split('\n').length, 1);
});
