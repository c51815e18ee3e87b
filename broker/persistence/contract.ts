// The one contract every Persistence backend passes (in the spirit of aedes-persistence's abstract.js).
// A backend's test file calls runPersistenceContract(name, fixture) and adds its backend-only tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PersistenceClosedError, PersistenceNotOpenError } from './errors.ts';
import type {
  OutboundRecord,
  Persistence,
  PersistedState,
  SessionRecord,
  StoredMessage,
  SubscriptionRecord,
  WillRecord,
} from './persistence.ts';

export interface PersistenceFixture {
  /** A new, unopened store over fresh (empty) storage. */
  create(): Persistence;
  /** A new, unopened store over the same storage as the last `create()`; null if nothing outlives an instance. */
  reopen: (() => Persistence) | null;
  dispose(): Promise<void>;
}

export type PersistenceFixtureFactory = () => PersistenceFixture | Promise<PersistenceFixture>;

const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

export function message(topic: string, payload: Buffer | string = 'hello', extra: Partial<StoredMessage> = {}): StoredMessage {
  return { topic, payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload), qos: 1, retain: false, receivedAt: 1_700_000_000_000, ...extra };
}

export function outbound(clientId: string, seq: number, extra: Partial<OutboundRecord> = {}): OutboundRecord {
  return { clientId, seq, packetId: null, state: 'queued', message: message(`t/${clientId}/${seq}`, `m${seq}`), ...extra };
}

function session(clientId: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return { clientId, protocolVersion: 4, createdAt: 1_700_000_000_000, disconnectedAt: null, ...extra };
}

function sub(clientId: string, filter: string, qos: 0 | 1 | 2 = 1, extra: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return { clientId, filter, qos, ...extra };
}

/** Load, with every list in a canonical order (backends may return clients in any order). */
async function loadSorted(p: Persistence): Promise<PersistedState> {
  const s = await p.load();
  const by = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    sessions: [...s.sessions].sort(by((x) => x.clientId)),
    subscriptions: [...s.subscriptions].sort(by((x) => `${x.clientId}\u0000${x.filter}`)),
    outbound: [...s.outbound].sort((a, b) => (a.clientId === b.clientId ? a.seq - b.seq : a.clientId < b.clientId ? -1 : 1)),
    inbound: [...s.inbound].sort((a, b) => (a.clientId === b.clientId ? a.packetId - b.packetId : a.clientId < b.clientId ? -1 : 1)),
    retained: [...s.retained].sort(by((x) => x.topic)),
    wills: [...s.wills].sort(by((x) => x.clientId)),
  };
}

export function runPersistenceContract(name: string, factory: PersistenceFixtureFactory): void {
  describe(`Persistence contract: ${name}`, () => {
    /** Runs `body` with an opened store over fresh storage; closes and disposes afterwards. */
    async function withStore(body: (p: Persistence, fx: PersistenceFixture) => Promise<void>): Promise<void> {
      const fx = await factory();
      const p = fx.create();
      try {
        await p.open();
        await body(p, fx);
      } finally {
        await p.close();
        await fx.dispose();
      }
    }

    it('loads an empty state from fresh storage', () =>
      withStore(async (p) => {
        assert.deepEqual(await p.load(), { sessions: [], subscriptions: [], outbound: [], inbound: [], retained: [], wills: [] });
      }));

    it('round-trips every record kind, Buffers byte-exact (empty, binary, properties)', () =>
      withStore(async (p) => {
        const s1 = session('c1');
        const s2 = session('c2', { protocolVersion: 5, expiryInterval: 3600, disconnectedAt: 1_700_000_100_000 });
        const sub1 = sub('c1', 'a/+/c', 2);
        const sub2 = sub('c2', 'x/#', 0, { options: { nl: true, rap: false, rh: 2, subscriptionIdentifier: 7 } });
        const o1 = outbound('c1', 1, { message: message('a/b/c', Buffer.alloc(0), { qos: 1 }) });
        const o2 = outbound('c1', 2, { packetId: 65535, state: 'sent', message: message('a/b/c', allBytes, { qos: 2, retain: true }) });
        const o3 = outbound('c2', 1, {
          packetId: 9,
          state: 'released',
          message: message('x/y', 'ü€\u0000end', {
            qos: 2,
            properties: { correlationData: Buffer.from([0, 255, 1]), userProperties: { k: ['v1', 'v2'] }, contentType: 'text/plain' },
          }),
        });
        const r1 = message('r/empty', Buffer.alloc(0), { retain: true, qos: 0 });
        const r2 = message('r/bin', allBytes, { retain: true, qos: 1, properties: { payloadFormatIndicator: false } });
        const w1: WillRecord = { clientId: 'c1', message: message('will/c1', allBytes, { qos: 1, retain: true }) };
        const w2: WillRecord = { clientId: 'c2', message: message('will/c2', '', { qos: 0 }), delayInterval: 30 };
        await Promise.all([
          p.saveSession(s1),
          p.saveSession(s2),
          p.saveSubscription(sub1),
          p.saveSubscription(sub2),
          p.saveOutbound(o1),
          p.saveOutboundBatch([o2, o3]),
          p.saveInbound({ clientId: 'c1', packetId: 1 }),
          p.saveInbound({ clientId: 'c2', packetId: 65535 }),
          p.saveRetained(r1),
          p.saveRetained(r2),
          p.saveWill(w1),
          p.saveWill(w2),
        ]);
        const state = await loadSorted(p);
        assert.deepStrictEqual(state, {
          sessions: [s1, s2],
          subscriptions: [sub1, sub2],
          outbound: [o1, o2, o3],
          inbound: [
            { clientId: 'c1', packetId: 1 },
            { clientId: 'c2', packetId: 65535 },
          ],
          retained: [r2, r1],
          wills: [w1, w2],
        });
        for (const o of state.outbound) assert.ok(Buffer.isBuffer(o.message.payload), 'payload is a Buffer');
        assert.equal(state.outbound[0]!.message.payload.length, 0);
        assert.ok(state.outbound[1]!.message.payload.equals(allBytes));
      }));

    it('normalises an absent disconnectedAt to null', () =>
      withStore(async (p) => {
        await p.saveSession({ clientId: 'c', protocolVersion: 4, createdAt: 5 });
        assert.deepStrictEqual((await p.load()).sessions, [{ clientId: 'c', protocolVersion: 4, createdAt: 5, disconnectedAt: null }]);
      }));

    it('keeps its own copy: mutating a saved record or its Buffer afterwards changes nothing', () =>
      withStore(async (p) => {
        const o = outbound('c', 1, { message: message('t', 'abc') });
        const done = p.saveOutbound(o);
        o.message.payload[0] = 0x7a;
        o.message.topic = 'changed';
        o.seq = 99;
        await done;
        const [loaded] = (await p.load()).outbound;
        assert.equal(loaded!.seq, 1);
        assert.equal(loaded!.message.topic, 't');
        assert.equal(loaded!.message.payload.toString(), 'abc');
      }));

    it('replaces retained messages by topic', () =>
      withStore(async (p) => {
        await p.saveRetained(message('r/1', 'old', { retain: true }));
        await p.saveRetained(message('r/2', 'other', { retain: true }));
        await p.saveRetained(message('r/1', 'new', { retain: true, qos: 0 }));
        const { retained } = await loadSorted(p);
        assert.deepStrictEqual(retained.map((m) => [m.topic, m.payload.toString(), m.qos]), [
          ['r/1', 'new', 0],
          ['r/2', 'other', 1],
        ]);
      }));

    it('replaces outbound records by (clientId, seq): queued -> sent -> released', () =>
      withStore(async (p) => {
        await p.saveOutbound(outbound('c', 1));
        await p.saveOutbound(outbound('d', 1));
        await p.saveOutbound(outbound('c', 1, { state: 'sent', packetId: 10 }));
        await p.saveOutbound(outbound('c', 1, { state: 'released', packetId: 10 }));
        const { outbound: out } = await loadSorted(p);
        assert.deepStrictEqual(out.map((o) => [o.clientId, o.seq, o.state, o.packetId]), [
          ['c', 1, 'released', 10],
          ['d', 1, 'queued', null],
        ]);
      }));

    it('replaces subscriptions by (clientId, filter), sessions by clientId, wills by clientId', () =>
      withStore(async (p) => {
        await p.saveSubscription(sub('c', 'a/#', 0));
        await p.saveSubscription(sub('c', 'b', 0));
        await p.saveSubscription(sub('c', 'a/#', 2));
        await p.saveSubscription(sub('d', 'a/#', 1));
        await p.saveSession(session('c', { protocolVersion: 4 }));
        await p.saveSession(session('c', { protocolVersion: 5, disconnectedAt: 42 }));
        await p.saveWill({ clientId: 'c', message: message('w', 'one') });
        await p.saveWill({ clientId: 'c', message: message('w', 'two') });
        const s = await loadSorted(p);
        assert.deepStrictEqual(s.subscriptions.map((x) => [x.clientId, x.filter, x.qos]), [
          ['c', 'a/#', 2],
          ['c', 'b', 0],
          ['d', 'a/#', 1],
        ]);
        assert.deepStrictEqual(s.sessions, [session('c', { protocolVersion: 5, disconnectedAt: 42 })]);
        assert.deepStrictEqual(s.wills.map((w) => w.message.payload.toString()), ['two']);
      }));

    it('returns outbound records of a client in seq order whatever the write order', () =>
      withStore(async (p) => {
        await Promise.all([5, 3, 10, 1, 2].map((seq) => p.saveOutbound(outbound('c', seq))));
        assert.deepStrictEqual((await p.load()).outbound.map((o) => o.seq), [1, 2, 3, 5, 10]);
      }));

    it('deletes single records by key and leaves the others', () =>
      withStore(async (p) => {
        await Promise.all([
          p.saveSubscription(sub('c', 'a')),
          p.saveSubscription(sub('c', 'b')),
          p.saveOutbound(outbound('c', 1)),
          p.saveOutbound(outbound('c', 2)),
          p.saveInbound({ clientId: 'c', packetId: 1 }),
          p.saveInbound({ clientId: 'c', packetId: 2 }),
          p.saveRetained(message('r/a', 'x', { retain: true })),
          p.saveRetained(message('r/b', 'y', { retain: true })),
          p.saveWill({ clientId: 'c', message: message('w') }),
          p.saveWill({ clientId: 'd', message: message('w') }),
        ]);
        await Promise.all([
          p.deleteSubscription('c', 'a'),
          p.deleteOutbound('c', 1),
          p.deleteInbound('c', 1),
          p.deleteRetained('r/a'),
          p.deleteWill('c'),
          p.deleteOutbound('nobody', 1), // deleting what is not there is not an error
        ]);
        const s = await loadSorted(p);
        assert.deepStrictEqual(s.subscriptions.map((x) => x.filter), ['b']);
        assert.deepStrictEqual(s.outbound.map((x) => x.seq), [2]);
        assert.deepStrictEqual(s.inbound.map((x) => x.packetId), [2]);
        assert.deepStrictEqual(s.retained.map((x) => x.topic), ['r/b']);
        assert.deepStrictEqual(s.wills.map((x) => x.clientId), ['d']);
      }));

    it('deleteSession cascades to subscriptions, outbound, inbound and will, never retained, never other clients', () =>
      withStore(async (p) => {
        for (const id of ['gone', 'kept']) {
          await Promise.all([
            p.saveSession(session(id)),
            p.saveSubscription(sub(id, 'a/#')),
            p.saveOutboundBatch([outbound(id, 1), outbound(id, 2)]),
            p.saveInbound({ clientId: id, packetId: 7 }),
            p.saveWill({ clientId: id, message: message(`will/${id}`) }),
            p.saveRetained(message(`retained/${id}`, 'r', { retain: true })),
          ]);
        }
        await p.deleteSession('gone');
        const s = await loadSorted(p);
        assert.deepStrictEqual(s.sessions.map((x) => x.clientId), ['kept']);
        assert.deepStrictEqual(s.subscriptions.map((x) => x.clientId), ['kept']);
        assert.deepStrictEqual(s.outbound.map((x) => x.clientId), ['kept', 'kept']);
        assert.deepStrictEqual(s.inbound.map((x) => x.clientId), ['kept']);
        assert.deepStrictEqual(s.wills.map((x) => x.clientId), ['kept']);
        assert.deepStrictEqual(s.retained.map((x) => x.topic), ['retained/gone', 'retained/kept']);
      }));

    it('applies writes in issue order when they are not awaited one by one', () =>
      withStore(async (p) => {
        const pending = [
          p.saveOutbound(outbound('c', 1)),
          p.deleteOutbound('c', 1), // save then delete: gone
          p.deleteOutbound('c', 2),
          p.saveOutbound(outbound('c', 2)), // delete then save: present
          p.saveRetained(message('r', 'first', { retain: true })),
          p.saveRetained(message('r', 'second', { retain: true })), // last write wins
          p.saveSubscription(sub('c', 'f', 0)),
          p.deleteSession('c'), // cascade covers writes issued before it
          p.saveSubscription(sub('c', 'g', 1)), // ...but not after it
          p.saveInbound({ clientId: 'c', packetId: 3 }),
          p.deleteInbound('c', 3),
        ];
        await Promise.all(pending);
        const s = await loadSorted(p);
        assert.deepStrictEqual(s.outbound, []);
        assert.deepStrictEqual(s.retained.map((m) => m.payload.toString()), ['second']);
        assert.deepStrictEqual(s.subscriptions.map((x) => x.filter), ['g']);
        assert.deepStrictEqual(s.inbound, []);
      }));

    it('keeps the last state of each outbound record through state changes, deletes and cascades in one batch', () =>
      withStore(async (p) => {
        await p.saveOutbound(outbound('pre', 1)); // committed earlier: a later delete must still reach it
        await Promise.all([
          p.saveOutbound(outbound('c', 1)),
          p.saveOutbound(outbound('c', 1, { state: 'sent', packetId: 1 })),
          p.deleteOutbound('c', 1), // queued -> sent -> acknowledged: gone
          p.saveOutbound(outbound('c', 2)),
          p.saveOutbound(outbound('c', 2, { state: 'sent', packetId: 2 })), // last state wins
          p.saveOutbound(outbound('c', 3)),
          p.deleteOutbound('c', 3),
          p.saveOutbound(outbound('c', 3, { state: 'sent', packetId: 3 })), // deleted, then saved again: present
          p.saveOutbound(outbound('d', 1)),
          p.deleteSession('d'),
          p.saveOutbound(outbound('d', 1, { state: 'sent', packetId: 9 })), // saved after the cascade: present
          p.saveOutbound(outbound('e', 1, { state: 'sent', packetId: 5 })),
          p.deleteSession('e'),
          p.saveOutboundBatch([outbound('e', 2), outbound('e', 2, { state: 'sent', packetId: 6 })]),
          p.deleteOutbound('pre', 1),
        ]);
        const { outbound: out } = await loadSorted(p);
        assert.deepStrictEqual(out.map((o) => [o.clientId, o.seq, o.state, o.packetId]), [
          ['c', 2, 'sent', 2],
          ['c', 3, 'sent', 3],
          ['d', 1, 'sent', 9],
          ['e', 2, 'sent', 6],
        ]);
      }));

    it('takes many concurrent writes, then one flush() makes them all visible', () =>
      withStore(async (p) => {
        const n = 2_000;
        const promises: Promise<void>[] = [];
        for (let i = 0; i < n; i++) promises.push(p.saveOutbound(outbound(`c${i % 10}`, i)));
        await p.flush();
        const settled = await Promise.allSettled(promises);
        assert.equal(settled.filter((r) => r.status === 'fulfilled').length, n);
        assert.equal((await p.load()).outbound.length, n);
      }));

    it('flush() with nothing pending resolves at once', () => withStore((p) => p.flush()));

    it('rejects use before open() and after close() with typed errors', async () => {
      const fx = await factory();
      try {
        const p = fx.create();
        await assert.rejects(p.saveRetained(message('r')), PersistenceNotOpenError);
        await assert.rejects(p.load(), PersistenceNotOpenError);
        await p.open();
        await p.open(); // idempotent
        await p.close();
        await assert.rejects(p.saveOutbound(outbound('c', 1)), PersistenceClosedError);
        await assert.rejects(p.flush(), PersistenceClosedError);
        await p.close(); // idempotent
      } finally {
        await fx.dispose();
      }
    });

    it('survives close and reopen: everything written is there', async (t) => {
      const fx = await factory();
      if (fx.reopen === null) {
        await fx.dispose();
        t.skip(`${name} keeps nothing once the instance is gone`);
        return;
      }
      try {
        const a = fx.create();
        await a.open();
        await Promise.all([
          a.saveSession(session('c', { expiryInterval: 60 })),
          a.saveSubscription(sub('c', 'a/+', 2)),
          a.saveOutboundBatch([outbound('c', 1), outbound('c', 2, { state: 'sent', packetId: 4 })]),
          a.saveInbound({ clientId: 'c', packetId: 8 }),
          a.saveRetained(message('r', allBytes, { retain: true })),
          a.saveWill({ clientId: 'c', message: message('w', Buffer.alloc(0)), delayInterval: 5 }),
        ]);
        const before = await loadSorted(a);
        // Writes issued but not awaited before close() are committed by close().
        void a.saveOutbound(outbound('c', 3));
        await a.close();
        const b = fx.reopen();
        await b.open();
        const after = await loadSorted(b);
        await b.close();
        assert.deepStrictEqual(after, { ...before, outbound: [...before.outbound, outbound('c', 3)] });
      } finally {
        await fx.dispose();
      }
    });
  });
}
