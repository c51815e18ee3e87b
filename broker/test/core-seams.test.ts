// Contract tests of issue 8's seams: session directory (owner + epoch, stale owners refused, will
// recovery), session registry (handlers write nothing themselves), message bus ("accepted"),
// injected ids, and the leaf module (no runtime import cycles between the broker's folders).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Packet } from 'mqtt-packet';
import { DefaultIdSource } from '../core/ids.ts';
import { LocalMessageBus } from '../core/message-bus.ts';
import type { MessageBusFactory } from '../core/message-bus.ts';
import type { Publication } from '../core/publish-pipeline.ts';
import { StaleOwnerError } from '../model/errors.ts';
import type { IdSource } from '../model/contracts.ts';
import { MemoryPersistence } from '../persistence/memory/index.ts';
import { LocalSessionDirectory } from '../session/session-directory.ts';
import type { SessionDirectory } from '../session/session-directory.ts';
import { SessionRegistry } from '../session/session-registry.ts';
import { ArrayLogger, ManualClock, RawClient, startBroker } from './doubles.ts';

const brokerDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the SessionDirectory contract against one implementation. */
async function directoryContract(make: () => SessionDirectory): Promise<void> {
  const d = make();
  assert.equal(d.owner('c'), undefined, 'nobody owns an unclaimed id');
  const a = await d.claim('c', 'node-a');
  assert.deepEqual(a, { clientId: 'c', nodeId: 'node-a', epoch: a.epoch });
  assert.ok(d.owns('c', 'node-a', a.epoch));
  const b = await d.claim('c', 'node-b');
  assert.ok(b.epoch > a.epoch, 'each claim gets a higher epoch');
  assert.equal(d.owns('c', 'node-a', a.epoch), false, 'the older claim no longer owns it');
  assert.equal(d.release('c', 'node-a', a.epoch), false, 'a stale owner cannot release');
  assert.deepEqual(d.owner('c'), b);
  const again = await d.claim('c', 'node-b');
  assert.ok(again.epoch > b.epoch, 'a re-claim by the same node is a new epoch');
  assert.equal(d.owns('c', 'node-b', b.epoch), false);
  assert.equal(d.release('c', 'node-b', again.epoch), true);
  assert.equal(d.owner('c'), undefined);
  assert.ok((await d.claim('c', 'node-a')).epoch > again.epoch, 'epochs keep growing after a release');
}

describe('session directory', () => {
  it('LocalSessionDirectory keeps the contract', () => directoryContract(() => new LocalSessionDirectory()));

  it('a stale owner can never overwrite a newer one: the registry refuses its writes', async () => {
    const directory = new LocalSessionDirectory();
    const persistence = new MemoryPersistence();
    await persistence.open();
    const logger = new ArrayLogger();
    const registry = new SessionRegistry({ persistence, directory, nodeId: 'node-a', clock: new ManualClock(), logger, background: () => undefined });
    const opened = await registry.open({ clientId: 'c', clean: false, protocolVersion: 4, username: undefined, client: { open: true, closeForTakeover: () => undefined }, will: null });
    assert.ok(opened);
    await Promise.all(opened.writes);
    await directory.claim('c', 'node-b'); // another node took the client id
    const writes: Promise<void>[] = [];
    registry.subscribe(opened.session, 'a/#', 1, writes);
    await assert.rejects(writes[0]!, StaleOwnerError);
    assert.equal((await persistence.load()).subscriptions.length, 0, 'nothing written');
    assert.equal(logger.events('stale-session-write').length, 1);
  });

  it('will recovery at start publishes only wills of sessions nobody else claimed since', async () => {
    const persistence = new MemoryPersistence();
    await persistence.open();
    const will = (topic: string) => ({ topic, payload: Buffer.from('w'), qos: 0 as const, retain: false, receivedAt: 1 });
    await persistence.saveSession({ clientId: 'mine', protocolVersion: 4, createdAt: 1 });
    await persistence.saveSession({ clientId: 'taken', protocolVersion: 4, createdAt: 1 });
    await persistence.saveWill({ clientId: 'mine', message: will('will/mine') });
    await persistence.saveWill({ clientId: 'taken', message: will('will/taken') });
    const published: string[] = [];
    const recording: MessageBusFactory = (local) => ({
      publish(pub: Publication) {
        published.push(pub.message.topic);
        local.deliverLocally(pub);
      },
    });
    const directory = new LocalSessionDirectory([{ clientId: 'taken', nodeId: 'node-b', epoch: 7 }]);
    const tb = await startBroker({ persistence, directory, messageBus: recording, ids: fixedIds('node-a') });
    assert.deepEqual(published, ['will/mine']);
    assert.ok(tb.broker.sessions.has('mine'));
    assert.equal(tb.broker.sessions.has('taken'), false, "node-b's session is not adopted");
    assert.deepEqual(directory.owner('mine'), { clientId: 'mine', nodeId: 'node-a', epoch: 1 });
    await tb.broker.close();
  });
});

function fixedIds(nodeId: string): IdSource {
  let n = 0;
  return { nodeId, assignClientId: () => `${nodeId}-client-${++n}` };
}

describe('session registry', () => {
  it('handlers write nothing themselves: no handler references persistence or the session/client maps', () => {
    const dir = join(brokerDir, 'handlers');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      assert.doesNotMatch(text, /\.persistence\b/, `${f} calls persistence`);
      assert.doesNotMatch(text, /\.(sessions|clients)\.(set|delete|clear)\(/, `${f} mutates a broker map`);
    }
  });
});

describe('message bus', () => {
  it('"accepted" = the writes the bus pushed resolved: no PUBACK before that', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const gated: MessageBusFactory = (local) => {
      const inner = new LocalMessageBus(local);
      return {
        publish(pub: Publication) {
          inner.publish(pub);
          pub.writes?.push(gate); // e.g. a cluster bus waiting for a remote node's store
        },
      };
    };
    const tb = await startBroker({ messageBus: gated });
    const p = RawClient.attach(tb);
    await p.connect({ clientId: 'pub' });
    p.send({ cmd: 'publish', topic: 't', payload: Buffer.from('x'), qos: 1, messageId: 5, retain: false, dup: false } as Packet);
    await p.ping();
    assert.equal(p.packets.some((x) => x.cmd === 'puback'), false, 'not acknowledged before accepted');
    open();
    assert.equal((await p.next('puback')).messageId, 5);
    await tb.broker.close();
  });

  it('the local bus delivers directly, in publish order', async () => {
    const tb = await startBroker();
    const sub = RawClient.attach(tb);
    await sub.connect({ clientId: 'sub' });
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'o/#', qos: 0 }] } as Packet);
    await sub.next('suback');
    for (let i = 0; i < 5; i++) tb.broker.publish({ topic: `o/${i}`, payload: Buffer.from(''), qos: 0, retain: false, receivedAt: 0 }, null);
    for (let i = 0; i < 5; i++) assert.equal((await sub.next('publish')).topic, `o/${i}`);
    await tb.broker.close();
  });
});

describe('injected ids', () => {
  it('DefaultIdSource: node id from the injected randomness, assigned ids unique per node', () => {
    const ids = new DefaultIdSource((n) => Buffer.alloc(n, 0xab));
    assert.equal(ids.nodeId, 'abababab');
    assert.deepEqual([ids.assignClientId(), ids.assignClientId()], ['auto-abababab-1', 'auto-abababab-2']);
    assert.notEqual(new DefaultIdSource().nodeId, new DefaultIdSource().nodeId, 'crypto randomness by default');
  });

  it('assigned client ids and the node id come from the IdSource', async () => {
    const directory = new LocalSessionDirectory();
    const tb = await startBroker({ ids: fixedIds('n1'), directory });
    const c = RawClient.attach(tb);
    assert.equal((await c.connect({ clientId: '', clean: true })).returnCode, 0);
    assert.deepEqual([...tb.broker.sessions.keys()], ['n1-client-1']);
    assert.equal(directory.owner('n1-client-1')?.nodeId, 'n1');
    await tb.broker.close();
  });
});

describe('leaf module', () => {
  /** Runtime (non-type) imports of every non-test .ts file under broker/, as folder-relative paths. */
  function runtimeImports(): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('fixture')) {
          const text = readFileSync(path, 'utf8');
          const deps: string[] = [];
          for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
            deps.push(relative(brokerDir, resolve(dirname(path), m[1]!)));
          }
          graph.set(relative(brokerDir, path), deps);
        }
      }
    };
    walk(brokerDir);
    return graph;
  }

  it('broker/model imports nothing from the rest of the broker', () => {
    for (const [file, deps] of runtimeImports()) {
      if (!file.startsWith('model/')) continue;
      for (const d of deps) assert.ok(d.startsWith('model/'), `${file} imports ${d}`);
    }
    for (const f of readdirSync(join(brokerDir, 'model'))) {
      assert.doesNotMatch(readFileSync(join(brokerDir, 'model', f), 'utf8'), /from '\.\.\//, `model/${f} reaches outside`);
    }
  });

  it('no runtime import cycle between core, handlers, session, protocol, topics and model', () => {
    const graph = runtimeImports();
    const folders = ['core', 'handlers', 'session', 'protocol', 'topics', 'model'];
    const edges = new Map<string, Set<string>>(folders.map((f) => [f, new Set<string>()]));
    for (const [file, deps] of graph) {
      const from = file.split('/')[0]!;
      if (!edges.has(from)) continue;
      for (const d of deps) {
        const to = d.split('/')[0]!;
        if (to !== from && edges.has(to)) edges.get(from)!.add(to);
      }
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      assert.notEqual(state.get(f), 'visiting', `import cycle: ${[...path, f].join(' -> ')}`);
      state.set(f, 'visiting');
      for (const to of edges.get(f)!) visit(to, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of folders) visit(f, []);
  });
});
