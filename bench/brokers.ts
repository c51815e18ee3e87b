// Launchers for the brokers the bench compares, each in its own process, on loopback, on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export type BrokerName = 'reference' | 'mosquitto' | 'aedes';
export const BROKERS: readonly BrokerName[] = ['reference', 'mosquitto', 'aedes'];

export interface RunningBroker {
  name: BrokerName;
  /** What this instance is, for the report: e.g. "reference (SQLite, WAL+FULL)". */
  description: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export class BrokerStartError extends Error {
  constructor(readonly broker: BrokerName, message: string) {
    super(`${broker}: ${message}`);
    this.name = 'BrokerStartError';
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));
/** Every broker started and not yet stopped, so an interrupted run can stop them all. */
const live = new Set<RunningBroker>();

export async function stopAllBrokers(): Promise<void> {
  await Promise.all([...live].map((b) => b.stop()));
}
const START_DEADLINE_MS = 20_000;

export function referenceAvailable(): boolean {
  return existsSync(join(root, 'bin/mqtt-conformance.js')) && existsSync(join(root, 'broker/cli/main.ts'));
}

export async function startBroker(name: BrokerName): Promise<RunningBroker> {
  switch (name) {
    case 'reference':
      return startReference();
    case 'aedes':
      return startAedes();
    case 'mosquitto':
      return startMosquitto();
  }
}

async function startReference(): Promise<RunningBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-bench-ref-'));
  const child = spawn(
    process.execPath,
    [join(root, 'bin/mqtt-conformance.js'), 'broker', '--port', '0', '--data', dir, '--log-level', 'error', '--sys-interval', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await portFromStdout('reference', child);
  return running('reference', 'reference broker (SQLite file, WAL + synchronous=FULL)', child, port, dir);
}

async function startAedes(): Promise<RunningBroker> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'fixtures/brokers/aedes-server.ts'), '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await portFromStdout('aedes', child);
  return running('aedes', 'Aedes 1.2 (in-memory persistence)', child, port, null);
}

async function startMosquitto(): Promise<RunningBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-bench-mosq-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'log_dest none',
      // Room for the bench's bounded windows (default 1000 would drop queued QoS 1 under fan-out).
      'max_queued_messages 100000',
      '',
    ].join('\n'),
  );
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  await waitForPort('mosquitto', child, port);
  return running('mosquitto', 'Mosquitto 2.0.11 (persistence true: periodic snapshot, not per message)', child, port, dir);
}

function running(name: BrokerName, description: string, child: ChildProcess, port: number, dir: string | null): RunningBroker {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const broker: RunningBroker = {
    name,
    description,
    port,
    pid: child.pid!,
    async stop() {
      live.delete(broker);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(broker);
  return broker;
}

function portFromStdout(name: BrokerName, child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new BrokerStartError(name, `no "listening" line within ${START_DEADLINE_MS} ms\n${stderr}`));
    }, START_DEADLINE_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^listening mqtt:\/\/[^:]+:(\d+)/.exec(line);
      if (m === null) return;
      clearTimeout(timer);
      lines.removeAllListeners('line');
      child.stdout!.resume(); // keep draining stdout
      resolve(Number(m[1]));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new BrokerStartError(name, `exited with ${code} before listening\n${stderr}`));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls a TCP connect until it succeeds (the broker is up), the child exits, or the deadline passes. */
async function waitForPort(name: BrokerName, child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new BrokerStartError(name, 'exited before accepting connections');
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new BrokerStartError(name, `port ${port} not accepting within ${START_DEADLINE_MS} ms`);
    await new Promise((r) => setTimeout(r, 20)); // retry interval of the poll, bounded by the deadline above
  }
}
