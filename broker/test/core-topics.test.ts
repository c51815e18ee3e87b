// Topic filter matching (section 4.7): the table, the '$' rule, '/' edge cases, empty levels; the
// trie agrees with the reference string matcher; validation of names and filters; the retained tree.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QoS } from '../model/messages.ts';
import { RetainedStore } from '../topics/retained-store.ts';
import { SubscriptionTrie } from '../topics/subscription-trie.ts';
import { filterMatches, topicFilterProblem, topicNameProblem } from '../topics/validate.ts';

// [filter, topic, matches]
const TABLE: [string, string, boolean][] = [
  ['sport/tennis/player1/#', 'sport/tennis/player1', true],
  ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
  ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
  ['sport/#', 'sport', true], // '#' includes the parent level
  ['#', 'sport/tennis', true],
  ['#', '/', true],
  ['sport/tennis/+', 'sport/tennis/player1', true],
  ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
  ['sport/+', 'sport', false],
  ['sport/+', 'sport/', true], // empty level matched by '+'
  ['+/+', '/finance', true],
  ['/+', '/finance', true],
  ['+', '/finance', false],
  ['+', 'a', true],
  ['+/#', 'a', true],
  ['a//b', 'a//b', true],
  ['a/+/b', 'a//b', true],
  ['a/b', 'a/b/', false], // trailing '/' is a distinct topic
  ['/a', 'a', false], // leading '/' is a distinct topic
  ['/', '/', true],
  ['+/+', '/', true],
  ['A/b', 'a/b', false], // no normalisation [MQTT-4.7.3-4]
  ['a b', 'a b', true], // space is a character
  // '$' rule [MQTT-4.7.2-1]
  ['#', '$SYS/broker/uptime', false],
  ['+/monitor/Clients', '$SYS/monitor/Clients', false],
  ['+', '$SYS', false],
  ['$SYS/#', '$SYS/monitor/Clients', true],
  ['$SYS/monitor/+', '$SYS/monitor/Clients', true],
  ['$SYS/#', '$SYS', true],
  ['a/#', 'a/$b', true], // only the first level is special
  ['a/+', 'a/$b', true],
];

function trieMatch(trie: SubscriptionTrie<string>, topic: string): Map<string, QoS> {
  const out = new Map<string, QoS>();
  trie.match(topic, (s, q) => out.set(s, Math.max(out.get(s) ?? 0, q) as QoS));
  return out;
}

describe('topic matching table', () => {
  for (const [filter, topic, expected] of TABLE) {
    it(`${JSON.stringify(filter)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(topic)}`, () => {
      assert.equal(filterMatches(filter, topic), expected, 'reference matcher');
      const trie = new SubscriptionTrie<string>();
      trie.add(filter, 'sub', 1);
      assert.equal(trieMatch(trie, topic).has('sub'), expected, 'trie');
      const retained = new RetainedStore();
      retained.set({ topic, payload: Buffer.from('x'), qos: 0, retain: true, receivedAt: 0 });
      assert.equal(retained.match(filter).length, expected ? 1 : 0, 'retained tree');
    });
  }
});

describe('subscription trie', () => {
  it('agrees with the reference matcher on every filter/topic pair of the table, all at once', () => {
    const trie = new SubscriptionTrie<string>();
    const filters = [...new Set(TABLE.map(([f]) => f))];
    for (const f of filters) trie.add(f, f, 0);
    for (const topic of new Set(TABLE.map(([, t]) => t))) {
      const got = [...trieMatch(trie, topic).keys()].sort();
      const want = filters.filter((f) => filterMatches(f, topic)).sort();
      assert.deepEqual(got, want, topic);
    }
  });

  it('replaces the QoS of an existing (filter, subscriber) and removes with pruning', () => {
    const trie = new SubscriptionTrie<string>();
    trie.add('a/+/c', 's', 0);
    trie.add('a/+/c', 's', 2);
    assert.equal(trie.size, 1);
    assert.equal(trieMatch(trie, 'a/b/c').get('s'), 2);
    assert.equal(trie.remove('a/+/c', 'x'), false);
    assert.equal(trie.remove('a/+', 's'), false);
    assert.equal(trie.remove('a/+/c', 's'), true);
    assert.equal(trie.size, 0);
    assert.equal(trieMatch(trie, 'a/b/c').size, 0);
    trie.add('a/#', 's', 1);
    assert.equal(trie.remove('a/#', 's'), true);
    assert.equal(trie.size, 0);
  });

  it('matching cost does not grow with non-matching subscriptions', () => {
    const trie = new SubscriptionTrie<number>();
    for (let i = 0; i < 100_000; i++) trie.add(`other/${i}/+/x`, i, 0);
    trie.add('hot/topic', -1, 0);
    let visits = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) trie.match('hot/topic', () => visits++);
    const perMatchNs = Number(process.hrtime.bigint() - t0) / 10_000;
    assert.equal(visits, 10_000);
    // a linear scan of 100k filters would take milliseconds per match; the trie takes about a microsecond
    assert.ok(perMatchNs < 50_000, `match took ${perMatchNs} ns`);
  });
});

describe('validation', () => {
  it('topic names', () => {
    assert.equal(topicNameProblem('a/b'), null);
    assert.equal(topicNameProblem('/'), null);
    assert.equal(topicNameProblem(''), 'empty');
    assert.equal(topicNameProblem('a/+'), 'wildcard-in-name');
    assert.equal(topicNameProblem('a/#'), 'wildcard-in-name');
    assert.equal(topicNameProblem('a+b'), 'wildcard-in-name');
    assert.equal(topicNameProblem('a\u0000b'), 'null-character');
  });

  it('topic filters', () => {
    for (const ok of ['#', '+', 'a/#', '+/+', '/+', 'a/+/b', '+/#', 'a//b', '$SYS/#']) assert.equal(topicFilterProblem(ok), null, ok);
    assert.equal(topicFilterProblem(''), 'empty');
    assert.equal(topicFilterProblem('a/#/b'), 'multi-level-not-last');
    assert.equal(topicFilterProblem('a#'), 'wildcard-not-whole-level');
    assert.equal(topicFilterProblem('a/b#'), 'wildcard-not-whole-level');
    assert.equal(topicFilterProblem('a+'), 'wildcard-not-whole-level');
    assert.equal(topicFilterProblem('+a/b'), 'wildcard-not-whole-level');
    assert.equal(topicFilterProblem('a/\u0000'), 'null-character');
  });
});

describe('retained store', () => {
  it('replaces, deletes and prunes', () => {
    const r = new RetainedStore();
    const m = (topic: string, p: string) => ({ topic, payload: Buffer.from(p), qos: 1 as QoS, retain: true, receivedAt: 0 });
    r.set(m('a/b', '1'));
    r.set(m('a/b', '2'));
    r.set(m('a', '0'));
    assert.equal(r.size, 2);
    assert.equal(r.get('a/b')!.payload.toString(), '2');
    assert.deepEqual(r.match('a/#').map((x) => x.topic).sort(), ['a', 'a/b']);
    assert.equal(r.delete('a/b'), true);
    assert.equal(r.delete('a/b'), false);
    assert.equal(r.get('a/b'), undefined);
    assert.deepEqual(r.all().map((x) => x.topic), ['a']);
  });
});
