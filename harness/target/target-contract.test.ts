// One contract for every Target: start() makes it reachable on every URL it reports, its transports
// match its URLs, it carries a profile, stop() is idempotent and frees every port (AsyncDisposable
// does the same), and a start that fails says why. Run against each implementation below, on real
// processes (the reference broker, Debian's mosquitto, Aedes) — the skip list says what does not apply.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { after, describe, test } from 'node:test';
import { AedesTarget } from './aedes-target.ts';
import { MosquittoTarget } from './mosquitto-target.ts';
import { acceptsConnections, freePort } from './ports.ts';
import { ProcessTarget } from './process-target.ts';
import { loadProfile } from './profiles.ts';
import { checkReachable } from './reachability.ts';
import { ReferenceBrokerTarget } from './reference-broker.ts';
import { TargetStartError } from './target.ts';
import type { StartedTarget, Target } from './target.ts';
import { TargetUnreachableError, UrlTarget, transportsOf } from './url-target.ts';

const haveMosquitto = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' }).error === undefined;
const NO_MOSQUITTO = haveMosquitto ? undefined : 'mosquitto is not installed (apt-get install mosquitto mosquitto-clients)';

/** The broker behind the URL target: an Aedes this file starts and stops itself. */
let behindUrl: StartedTarget | undefined;
after(async () => { await behindUrl?.stop(); });

interface Case {
  name: string;
  make: () => Promise<Target>;
  profile: string;
  transports: string[];
  /** The target owns its process: stop() must free the ports. A URL target owns nothing. */
  ownsProcess: boolean;
  skip?: string | undefined;
}

const CASES: Case[] = [
  { name: 'reference broker', make: async () => new ReferenceBrokerTarget(), profile: 'reference', transports: ['mqtt', 'mqtts', 'ws', 'wss'], ownsProcess: true },
  { name: 'mosquitto (stock)', make: async () => new MosquittoTarget({ setup: { kind: 'stock' } }), profile: 'mosquitto', transports: ['mqtt'], ownsProcess: true, skip: NO_MOSQUITTO },
  { name: 'mosquitto (fixture)', make: async () => new MosquittoTarget({ setup: { kind: 'fixture' } }), profile: 'mosquitto-fixture', transports: ['mqtt', 'mqtts', 'ws', 'wss'], ownsProcess: true, skip: NO_MOSQUITTO },
  {
    name: 'mosquitto (custom config, two listeners)', profile: 'default', transports: ['mqtt'], ownsProcess: true, skip: NO_MOSQUITTO,
    make: async () => new MosquittoTarget({
      setup: {
        kind: 'custom', description: 'two listeners', listeners: 2,
        config: ({ ports }) => ['per_listener_settings true', 'log_dest none', ...ports.flatMap((p) => [`listener ${p} 127.0.0.1`, 'allow_anonymous true'])].join('\n'),
      },
    }),
  },
  { name: 'aedes', make: async () => new AedesTarget(), profile: 'aedes', transports: ['mqtt'], ownsProcess: true },
  {
    name: 'url', profile: 'default', transports: ['mqtt'], ownsProcess: false,
    make: async () => {
      behindUrl ??= await new AedesTarget().start();
      return new UrlTarget({ urls: [...behindUrl.urls], profile: loadProfile('default') });
    },
  },
];

const portOf = (url: string): number => Number(new URL(url).port);

/** True when this process can listen on the port again (nothing holds it). */
async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

for (const c of CASES) {
  describe(`Target contract: ${c.name}`, { skip: c.skip ?? false }, () => {
    test('start → reachable on every URL, transports match the URLs, profile set; stop frees the ports; stop is idempotent', async () => {
      const target = await c.make();
      const started = await target.start();
      try {
        assert.ok(started.urls.length > 0, 'at least one URL');
        assert.deepEqual(Object.keys(started.transports).sort(), [...c.transports].sort());
        assert.deepEqual(started.transports, transportsOf([...started.urls]));
        assert.equal(started.profile.name, c.profile);
        assert.equal(started.kind, target.kind);
        assert.ok(started.description.length > 0);
        if (c.ownsProcess) assert.ok((started.pid ?? 0) > 0, 'a process target reports its pid');
        for (const url of started.urls) {
          const r = await checkReachable(url, { deadlineMs: 10_000, ...(started.caFile !== undefined ? { caFile: started.caFile } : {}) });
          assert.ok(r.ok, `${url}: ${r.detail}`);
        }
      } finally {
        const first = await started.stop();
        const second = await started.stop();
        assert.deepEqual(second, first, 'a second stop() returns the first result');
      }
      const ports = [...new Set(started.urls.map(portOf))];
      for (const port of ports) {
        if (c.ownsProcess) {
          assert.equal(await acceptsConnections(port), false, `port ${port} still accepts connections after stop()`);
          assert.equal(await canListen(port), true, `port ${port} is still held after stop()`);
        } else {
          // Exception: a URL target did not start the broker, so stop() must leave it running.
          assert.equal(await acceptsConnections(port), true, `stop() of a URL target must not stop the broker on ${port}`);
        }
      }
    });

    test('await using stops it when the scope ends', async () => {
      const target = await c.make();
      let ports: number[];
      {
        await using started = await target.start();
        ports = started.urls.map(portOf);
        assert.equal(await acceptsConnections(ports[0]!), true);
      }
      assert.equal(await acceptsConnections(ports[0]!), !c.ownsProcess);
    });
  });
}

describe('Target start failures say why', () => {
  test('a process that exits before it is ready: TargetStartError with its exit code and last output', async () => {
    const target = new ProcessTarget('a failing broker', async () => ({
      command: process.execPath, args: ['-e', 'process.stderr.write("no config here\\n"); process.exit(3)'],
      readiness: { kind: 'stdout' }, profile: loadProfile('default'), description: 'x',
    }));
    await assert.rejects(target.start(), (e: unknown) => e instanceof TargetStartError &&
      /a failing broker failed to start: exited before a "listening <url>" line \(code 3, signal null\)[\s\S]*no config here/.test(e.message));
  });

  test('a missing executable: TargetStartError naming it', async () => {
    const target = new MosquittoTarget({ setup: { kind: 'stock' }, executable: '/nonexistent/mosquitto' });
    await assert.rejects(target.start(), (e: unknown) => e instanceof TargetStartError && /mosquitto \(stock\) failed to start: .*\/nonexistent\/mosquitto.*ENOENT/.test(e.message));
  });

  test('a process that never listens on its port: TargetStartError after the deadline', async () => {
    const port = await freePort();
    const target = new ProcessTarget('a silent broker', async () => ({
      command: process.execPath, args: ['-e', 'setInterval(() => undefined, 1000)'],
      readiness: { kind: 'ports', ports: [port], urls: [`mqtt://127.0.0.1:${port}`] }, profile: loadProfile('default'), description: 'x',
    }), { readyTimeoutMs: 300 });
    await assert.rejects(target.start(), (e: unknown) => e instanceof TargetStartError && /nothing listened within \d+ ms/.test(e.message));
  });

  test('a URL nothing listens on: TargetUnreachableError saying what was tried and what happened', async () => {
    const port = await freePort();
    const target = new UrlTarget({ urls: [`mqtt://127.0.0.1:${port}`], profile: loadProfile('default'), deadlineMs: 2000 });
    await assert.rejects(target.start(), (e: unknown) => e instanceof TargetUnreachableError &&
      new RegExp(`target unreachable.*deadline 2000 ms[\\s\\S]*mqtt://127\\.0\\.0\\.1:${port}: ECONNREFUSED`).test(e.message));
  });
});
