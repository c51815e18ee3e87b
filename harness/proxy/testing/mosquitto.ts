// Test support: a private Debian mosquitto on free loopback ports, for the proxy's own tests.
// Listener `open` allows anonymous clients; listener `locked` refuses anonymous clients (CONNACK 5)
// and `acl` allows anonymous clients but denies subscriptions outside `allowed/#`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Mosquitto {
  ports: { open: number; locked: number; acl: number };
  stop(): Promise<void>;
}

export class MosquittoStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MosquittoStartError';
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new MosquittoStartError(`mosquitto exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new MosquittoStartError(`mosquitto did not listen on ${port} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20)); // poll interval while waiting for the listener
  }
}

export async function startMosquitto(): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'fault-proxy-mosquitto-'));
  chmodSync(dir, 0o755); // mosquitto started as root drops to its own user, which must read the ACL file
  const ports = { open: await freePort(), locked: await freePort(), acl: await freePort() };
  writeFileSync(join(dir, 'acl'), 'topic readwrite allowed/#\n', { mode: 0o644 });
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    [
      'per_listener_settings true',
      'persistence false',
      'log_dest none',
      `listener ${ports.open} 127.0.0.1`,
      'allow_anonymous true',
      `listener ${ports.locked} 127.0.0.1`,
      'allow_anonymous false',
      `listener ${ports.acl} 127.0.0.1`,
      'allow_anonymous true',
      `acl_file ${join(dir, 'acl')}`,
      '',
    ].join('\n'),
  );
  const child = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  try {
    for (const port of Object.values(ports)) await waitForPort(port, child, 5000);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ports,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
