// Read authorization on every delivery path (issue 12), with the real ACL (ConfigAuthorizer): live
// delivery, retained messages on subscribe, offline queues drained on reconnect, inflight messages
// resent on reconnect, wills, $SYS. A denied read is dropped for that client only, logged at debug,
// counted. "Not received" is shown by a later allowed marker message arriving first (per-session order).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import type { AclRule } from '../auth/acl.ts';
import { ConfigAuthorizer } from '../auth/config-authorizer.ts';
import { RawClient, startBroker } from './doubles.ts';
import type { TestBroker } from './doubles.ts';

const RULES: AclRule[] = [
  { allow: true, action: 'read', topic: 'secret/#', username: 'alice' },
  { allow: false, action: 'subscribe', topic: 'secret/#' },
  { allow: false, action: 'read', topic: '$SYS/#', clientId: 'no-sys' },
  { allow: false, action: 'read', topic: 'own/%c/private' },
];

const start = (rules: AclRule[] = RULES, sysIntervalMs = 0): Promise<TestBroker> =>
  startBroker({ authorizer: new ConfigAuthorizer({ allowAnonymous: true, users: [], acl: rules }), sysIntervalMs });

const pub = (topic: string, payload: string, qos: 0 | 1 = 0, messageId?: number, retain = false): Packet =>
  ({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain, dup: false, messageId }) as Packet;

async function subscriber(tb: TestBroker, clientId: string, filter: string, opts: { username?: string; clean?: boolean; qos?: 0 | 1 } = {}): Promise<RawClient> {
  const c = RawClient.attach(tb);
  assert.equal((await c.connect({ clientId, clean: opts.clean ?? true, ...(opts.username ? { username: opts.username } : {}) })).returnCode, 0);
  c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: filter, qos: opts.qos ?? 0 }] } as Packet);
  const suback = await c.next('suback');
  assert.notEqual(suback.granted[0], 0x80, `SUBSCRIBE ${filter} granted`);
  return c;
}

/** Topics of the PUBLISH packets received until (and including) the one on `marker`. */
async function topicsUntil(c: RawClient, marker: string): Promise<string[]> {
  const topics: string[] = [];
  for (;;) {
    const m = await c.next('publish');
    if (m.qos > 0) c.send({ cmd: 'puback', messageId: m.messageId } as Packet);
    topics.push(m.topic);
    if (m.topic === marker) return topics;
  }
}

describe('read authorization', () => {
  it('live: a "#" subscriber does not receive secret/a when subscribe is denied on secret/#; an allowed reader does', async () => {
    const tb = await start();
    const anyone = await subscriber(tb, 'anyone', '#');
    const alice = await subscriber(tb, 'alice-sub', '#', { username: 'alice' });
    const denied = RawClient.attach(tb);
    await denied.connect({ clientId: 'denied' });
    denied.send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'secret/a', qos: 0 }] } as Packet);
    assert.deepEqual((await denied.next('suback')).granted, [0x80], 'SUBSCRIBE itself is still refused');
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    p.send(pub('secret/a', 's', 1, 1));
    p.send(pub('public/a', 'marker', 1, 2));
    assert.deepEqual(await topicsUntil(anyone, 'public/a'), ['public/a']);
    assert.deepEqual(await topicsUntil(alice, 'public/a'), ['secret/a', 'public/a']);
    assert.equal(tb.broker.counters.readDenied, 1);
    const line = tb.logger.events('read-denied')[0]!;
    assert.equal(line.level, 'debug');
    assert.deepEqual([line.fields.clientId, line.fields.topic], ['anyone', 'secret/a']);
    await tb.broker.close();
  });

  it('%c in a read rule: each client is denied its own private topic only', async () => {
    const tb = await start();
    const a = await subscriber(tb, 'dev1', 'own/+/private');
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    p.send(pub('own/dev1/private', 'x'));
    p.send(pub('own/dev2/private', 'y'));
    assert.deepEqual(await topicsUntil(a, 'own/dev2/private'), ['own/dev2/private']);
    await tb.broker.close();
  });

  it('retained on subscribe: secret retained messages are not sent to a "#" subscriber', async () => {
    const tb = await start();
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    p.send(pub('secret/r', 'kept', 1, 1, true));
    p.send(pub('z/public', 'kept', 1, 2, true));
    await p.next('puback');
    await p.next('puback');
    const anyone = await subscriber(tb, 'anyone', '#');
    assert.deepEqual(await topicsUntil(anyone, 'z/public'), ['z/public']);
    const alice = await subscriber(tb, 'alice-sub', '#', { username: 'alice' });
    assert.deepEqual((await topicsUntil(alice, 'z/public')).sort(), ['secret/r', 'z/public']);
    await tb.broker.close();
  });

  it('offline queue drained on reconnect: checked against the user who reconnects', async () => {
    const tb = await start();
    const first = await subscriber(tb, 'shared-id', '#', { username: 'alice', clean: false, qos: 1 });
    first.end();
    await first.waitClosed();
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    p.send(pub('secret/q', 'queued for alice', 1, 1));
    p.send(pub('public/q', 'marker', 1, 2));
    await p.next('puback');
    await p.next('puback');
    assert.equal(tb.broker.sessions.get('shared-id')!.queue.length, 2, 'queued while alice was away');
    const bob = RawClient.attach(tb);
    assert.equal((await bob.connect({ clientId: 'shared-id', clean: false, username: 'bob' })).sessionPresent, true);
    assert.deepEqual(await topicsUntil(bob, 'public/q'), ['public/q']);
    assert.equal(tb.broker.counters.readDenied, 1);
    await tb.broker.close();
  });

  it('inflight messages resent on reconnect are checked too', async () => {
    const tb = await start();
    const first = await subscriber(tb, 'shared-id', '#', { username: 'alice', clean: false, qos: 1 });
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    p.send(pub('secret/i', 'sent, never acknowledged', 1, 1));
    assert.equal((await first.next('publish')).topic, 'secret/i');
    first.destroy();
    await first.waitClosed();
    await p.next('puback');
    const bob = RawClient.attach(tb);
    await bob.connect({ clientId: 'shared-id', clean: false, username: 'bob' });
    p.send(pub('public/i', 'marker', 1, 2));
    assert.deepEqual(await topicsUntil(bob, 'public/i'), ['public/i']);
    assert.equal(tb.broker.sessions.get('shared-id')!.inflight.size, 0, 'the denied entry is gone');
    await tb.broker.close();
  });

  it('wills: a will on a secret topic reaches only allowed readers', async () => {
    const tb = await start();
    const anyone = await subscriber(tb, 'anyone', '#');
    const alice = await subscriber(tb, 'alice-sub', '#', { username: 'alice' });
    const w = RawClient.attach(tb);
    await w.connect({ clientId: 'dying', will: { topic: 'secret/will', payload: Buffer.from('gone'), qos: 0, retain: false } });
    w.destroy();
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    p.send(pub('public/w', 'marker'));
    assert.deepEqual(await topicsUntil(alice, 'public/w'), ['secret/will', 'public/w']);
    assert.deepEqual(await topicsUntil(anyone, 'public/w'), ['public/w']);
    await tb.broker.close();
  });

  it('$SYS: a client denied read on $SYS/# may subscribe but receives nothing; others receive $SYS', async () => {
    const tb = await start(RULES, 60_000);
    const noSys = await subscriber(tb, 'no-sys', '$SYS/broker/version');
    const other = await subscriber(tb, 'other', '$SYS/broker/version');
    assert.equal((await other.next('publish')).topic, '$SYS/broker/version', 'retained $SYS on subscribe');
    tb.clock.advance(60_000);
    assert.equal((await other.next('publish')).topic, '$SYS/broker/version', 'periodic $SYS');
    await noSys.ping();
    assert.equal(noSys.packets.filter((x) => x.cmd === 'publish').length, 0);
    assert.ok(tb.broker.counters.readDenied >= 2, 'retained and periodic both denied');
    await tb.broker.close();
  });
});
