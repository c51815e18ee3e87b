import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Acl } from './acl.ts';
import { filterCovers, topicMatches } from './topic-filter.ts';

test('topicMatches follows MQTT wildcard rules', () => {
  const cases: Array<[string, string, boolean]> = [
    ['a/b', 'a/b', true], ['a/b', 'a/c', false], ['a/+', 'a/b', true], ['a/+', 'a/b/c', false],
    ['a/#', 'a', true], ['a/#', 'a/b/c', true], ['#', 'x/y', true], ['+/+', 'a/b', true], ['+', '/a', false],
    ['#', '$SYS/x', false], ['+/x', '$SYS/x', false], ['$SYS/#', '$SYS/x', true], ['a/+/c', 'a//c', true],
  ];
  for (const [filter, topic, expected] of cases) assert.equal(topicMatches(filter, topic), expected, `${filter} ~ ${topic}`);
});

test('filterCovers: a rule covers a subscription when every topic it receives matches the rule', () => {
  const cases: Array<[string, string, boolean]> = [
    ['a/b', 'a/b', true], ['a/b', 'a/+', false], ['a/+', 'a/b', true], ['a/+', 'a/+', true], ['a/+', 'a/#', false],
    ['a/#', 'a/+/c', true], ['a/#', 'a/#', true], ['a/#', 'a', true], ['#', '#', true], ['#', '$SYS/#', false],
    ['+/b', 'a/b/c', false], ['test/nosubscribe', 'test/nosubscribe', true], ['test/nosubscribe', 'test/#', false],
  ];
  for (const [rule, sub, expected] of cases) assert.equal(filterCovers(rule, sub), expected, `${rule} covers ${sub}`);
});

test('default allow when no rule matches', () => {
  const acl = new Acl([]);
  assert.equal(acl.canPublish('c', undefined, 'x'), true);
  assert.equal(acl.canSubscribe('c', 'u', '#'), true);
});

test('first matching rule wins, per action', () => {
  const acl = new Acl([
    { allow: true, action: 'subscribe', topic: 'secret/public' },
    { allow: false, action: 'subscribe', topic: 'secret/#' },
    { allow: false, action: 'publish', topic: 'ro/#' },
    { allow: false, action: 'all', topic: 'closed/+' },
  ]);
  assert.equal(acl.canSubscribe('c', undefined, 'secret/public'), true);
  assert.equal(acl.canSubscribe('c', undefined, 'secret/other'), false);
  assert.equal(acl.canSubscribe('c', undefined, 'secret/#'), false);
  assert.equal(acl.canPublish('c', undefined, 'secret/other'), true, 'subscribe rules do not affect publish');
  assert.equal(acl.canPublish('c', undefined, 'ro/x'), false);
  assert.equal(acl.canSubscribe('c', undefined, 'ro/x'), true);
  assert.equal(acl.canPublish('c', undefined, 'closed/a'), false);
  assert.equal(acl.canSubscribe('c', undefined, 'closed/a'), false);
  assert.equal(acl.canSubscribe('c', undefined, 'closed/a/b'), true);
});

test('username-scoped rules and %u / %c substitution', () => {
  const acl = new Acl([
    { allow: true, action: 'all', topic: 'admin/#', username: 'admin' },
    { allow: false, action: 'all', topic: 'admin/#' },
    { allow: true, action: 'publish', topic: 'users/%u/#' },
    { allow: true, action: 'subscribe', topic: 'clients/%c' },
    { allow: false, action: 'publish', topic: 'users/#' },
    { allow: false, action: 'subscribe', topic: 'clients/+' },
  ]);
  assert.equal(acl.canPublish('c', 'admin', 'admin/x'), true);
  assert.equal(acl.canPublish('c', 'bob', 'admin/x'), false);
  assert.equal(acl.canPublish('c', undefined, 'admin/x'), false);
  assert.equal(acl.canPublish('c', 'bob', 'users/bob/t'), true);
  assert.equal(acl.canPublish('c', 'bob', 'users/alice/t'), false);
  assert.equal(acl.canPublish('c', undefined, 'users/bob/t'), false, 'no username: %u rule never matches');
  assert.equal(acl.canPublish('c', '+', 'users/x/t'), false, 'a wildcard username cannot widen a %u rule');
  assert.equal(acl.canSubscribe('dev1', undefined, 'clients/dev1'), true);
  assert.equal(acl.canSubscribe('dev1', undefined, 'clients/dev2'), false);
});

test('read: read rules decide first, then the subscribe rules as if subscribing to exactly the topic', () => {
  const acl = new Acl([
    { allow: true, action: 'read', topic: 'secret/public' },
    { allow: true, action: 'read', topic: 'secret/#', username: 'alice' },
    { allow: false, action: 'subscribe', topic: 'secret/#' },
    { allow: false, action: 'read', topic: 'ro/+/hidden' },
  ]);
  assert.equal(acl.canRead('c', undefined, 'secret/a'), false, 'subscribe deny on secret/# also denies reading secret/a');
  assert.equal(acl.canRead('c', 'alice', 'secret/a'), true, 'a read allow for alice comes first');
  assert.equal(acl.canRead('c', undefined, 'secret/public'), true, 'read allow overrides the subscribe fallback');
  assert.equal(acl.canSubscribe('c', undefined, 'secret/public'), false, 'read rules do not change subscribe');
  assert.equal(acl.canRead('c', undefined, 'ro/x/hidden'), false);
  assert.equal(acl.canSubscribe('c', undefined, 'ro/x/hidden'), true, 'subscribing is allowed, receiving is not');
  assert.equal(acl.canRead('c', undefined, 'other'), true, 'default allow');
  assert.equal(acl.canPublish('c', undefined, 'secret/a'), true, 'read and subscribe rules do not affect publish');
});

test('read: clientId-scoped rules, %c, "all" covers read; no deny rule means reads are unrestricted', () => {
  const acl = new Acl([
    { allow: false, action: 'read', topic: '$SYS/#', clientId: 'untrusted' },
    { allow: false, action: 'all', topic: 'dev/%c/raw' },
  ]);
  assert.equal(acl.canRead('untrusted', undefined, '$SYS/broker/uptime'), false);
  assert.equal(acl.canRead('trusted', undefined, '$SYS/broker/uptime'), true);
  assert.equal(acl.canRead('d1', undefined, 'dev/d1/raw'), false);
  assert.equal(acl.canRead('d2', undefined, 'dev/d1/raw'), true);
  assert.equal(acl.readsUnrestricted, false);
  assert.equal(new Acl([{ allow: false, action: 'publish', topic: '#' }, { allow: true, action: 'read', topic: 'a' }]).readsUnrestricted, true);
});
