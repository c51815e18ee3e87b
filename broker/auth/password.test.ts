import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, parsePasswordHash, PasswordHashError, verifyPassword } from './password.ts';

const FAST = { N: 1024, r: 8, p: 1, keyLength: 32, saltLength: 16 };

test('hash has the documented shape and never contains the password', async () => {
  const hash = await hashPassword('s3cret-pw');
  assert.match(hash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  assert.ok(!hash.includes('s3cret-pw'));
  assert.ok(!hash.includes(Buffer.from('s3cret-pw').toString('base64')));
});

test('salted: the same password twice gives different hashes, both verify', async () => {
  const a = await hashPassword('pw', undefined, FAST);
  const b = await hashPassword('pw', undefined, FAST);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('pw', a), true);
  assert.equal(await verifyPassword('pw', b), true);
});

test('injected randomness makes the hash deterministic', async () => {
  const fixed = (n: number) => Buffer.alloc(n, 7);
  const a = await hashPassword('pw', fixed, FAST);
  const b = await hashPassword('pw', fixed, FAST);
  assert.equal(a, b);
  assert.equal(a.split('$')[4], Buffer.alloc(16, 7).toString('base64'));
});

test('wrong password, different length password and empty password do not verify', async () => {
  const hash = await hashPassword('correct horse', undefined, FAST);
  assert.equal(await verifyPassword('correct hors', hash), false);
  assert.equal(await verifyPassword('correct horse battery', hash), false);
  assert.equal(await verifyPassword('', hash), false);
  assert.equal(await verifyPassword(Buffer.from('correct horse'), hash), true);
});

test('malformed hashes are refused with a typed error', () => {
  for (const bad of ['', 'plain', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'bcrypt$x', 'scrypt$16384$8$1$AA==$AA==']) {
    assert.throws(() => parsePasswordHash(bad), PasswordHashError, bad);
  }
});
