import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigAuthorizer } from './config-authorizer.ts';
import { hashPassword } from './password.ts';

const FAST = { N: 1024, r: 8, p: 1, keyLength: 32, saltLength: 16 };

test('anonymous allowed / refused; unknown user and wrong password are bad credentials', async () => {
  const users = [{ username: 'alice', passwordHash: await hashPassword('wonderland', undefined, FAST) }];
  const open = new ConfigAuthorizer({ allowAnonymous: true, users, acl: [] });
  const closed = new ConfigAuthorizer({ allowAnonymous: false, users, acl: [] });
  assert.equal(await open.authenticate('c', undefined, undefined), 'ok');
  assert.equal(await closed.authenticate('c', undefined, undefined), 'not-authorized');
  for (const az of [open, closed]) {
    assert.equal(await az.authenticate('c', 'alice', Buffer.from('wonderland')), 'ok');
    assert.equal(await az.authenticate('c', 'alice', Buffer.from('wrong')), 'bad-credentials');
    assert.equal(await az.authenticate('c', 'alice', undefined), 'bad-credentials');
    assert.equal(await az.authenticate('c', 'mallory', Buffer.from('wonderland')), 'bad-credentials');
  }
});

test('no users configured: any username is accepted when anonymous is allowed, refused otherwise', async () => {
  assert.equal(await new ConfigAuthorizer({ allowAnonymous: true, users: [], acl: [] }).authenticate('c', 'x', Buffer.from('y')), 'ok');
  assert.equal(await new ConfigAuthorizer({ allowAnonymous: false, users: [], acl: [] }).authenticate('c', 'x', Buffer.from('y')), 'bad-credentials');
});

test('ACL decisions pass through', () => {
  const az = new ConfigAuthorizer({ allowAnonymous: true, users: [], acl: [{ allow: false, action: 'subscribe', topic: 'test/nosubscribe' }] });
  assert.equal(az.canSubscribe('c', undefined, 'test/nosubscribe'), false);
  assert.equal(az.canSubscribe('c', undefined, 'test/other'), true);
  assert.equal(az.canPublish('c', undefined, 'test/nosubscribe'), true);
});
