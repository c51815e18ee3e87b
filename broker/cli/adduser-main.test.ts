import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { verifyPassword } from '../auth/password.ts';
import { adduserMain } from './adduser-main.ts';

function io(stdinText?: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), ...(stdinText !== undefined ? { stdin: Readable.from([Buffer.from(stdinText)]) } : {}) },
  };
}

test('adduser writes a salted hash (never the password), replaces an existing user, reads stdin', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'adduser-'));
  const file = join(dir, 'users.json');
  const a = io();
  assert.equal(await adduserMain(['--users-file', file, '--username', 'alice', '--password', 'pw-one'], a.io), 0, a.err.join(''));
  assert.match(a.out.join(''), /added user "alice"/);
  const b = io('pw-two\nignored second line\n');
  assert.equal(await adduserMain(['--users-file', file, '--username', 'alice'], b.io), 0, b.err.join(''));
  assert.match(b.out.join(''), /replaced user "alice"/);
  const c = io();
  assert.equal(await adduserMain(['--users-file', file, '--username', 'bob', '--password', 'pw-three'], c.io), 0);
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes('pw-one') && !text.includes('pw-two') && !text.includes('pw-three'));
  const users = (JSON.parse(text) as { users: { username: string; passwordHash: string }[] }).users;
  assert.deepEqual(users.map((u) => u.username), ['alice', 'bob']);
  assert.equal(await verifyPassword('pw-two', users[0]!.passwordHash), true);
  assert.equal(await verifyPassword('pw-one', users[0]!.passwordHash), false);
  assert.equal(statSync(file).mode & 0o077, 0, 'users file is private to its owner');
});

test('adduser through --config uses auth.usersFile relative to the config; errors exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'adduser-'));
  writeFileSync(join(dir, 'broker.json'), JSON.stringify({ auth: { usersFile: 'people.json' } }));
  const a = io();
  assert.equal(await adduserMain(['--config', join(dir, 'broker.json'), '--username', 'u', '--password', 'p'], a.io), 0, a.err.join(''));
  assert.equal(JSON.parse(readFileSync(join(dir, 'people.json'), 'utf8')).users[0].username, 'u');
  writeFileSync(join(dir, 'plain.json'), JSON.stringify({}));
  const b = io();
  assert.equal(await adduserMain(['--config', join(dir, 'plain.json'), '--username', 'u', '--password', 'p'], b.io), 2);
  assert.match(b.err.join(''), /config\.auth\.usersFile: not set; add "usersFile"/);
  const c = io('');
  assert.equal(await adduserMain(['--users-file', join(dir, 'x.json'), '--username', 'u'], c.io), 2);
  assert.match(c.err.join(''), /--password: empty password/);
  const d = io();
  assert.equal(await adduserMain(['--users-file', join(dir, 'x.json')], d.io), 2);
  assert.match(d.err.join(''), /--username: missing/);
});
