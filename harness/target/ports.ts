// Loopback ports: one free-port helper and one wait-for-port helper for every launcher in the
// repository (the runner's targets, bench/, scripts/).
import { createConnection, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export class PortWaitError extends Error {
  constructor(readonly host: string, readonly port: number, detail: string) {
    super(`${host}:${port}: ${detail}`);
    this.name = 'PortWaitError';
  }
}

/** A TCP port nothing listens on right now (the OS picks it: listen on port 0, read it, close). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Several distinct free ports (each held until all are picked, so none is picked twice). */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, async () => {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, resolve);
    });
    return server;
  }));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

/** True when a TCP connection to host:port is accepted now. */
export function acceptsConnections(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface WaitForPortOptions {
  host?: string;
  deadlineMs: number;
  /** Stops the wait early: returns a reason when the process that should listen has gone. */
  gone?: () => string | undefined;
  /** Pause between connection attempts (default 25 ms): the poll interval, bounded by the deadline. */
  intervalMs?: number;
}

/** Resolves once host:port accepts a TCP connection; rejects when the deadline passes or `gone` says why not. */
export async function waitForPort(port: number, options: WaitForPortOptions): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  const until = Date.now() + options.deadlineMs;
  for (;;) {
    const reason = options.gone?.();
    if (reason !== undefined) throw new PortWaitError(host, port, `${reason} before listening`);
    if (await acceptsConnections(port, host)) return;
    if (Date.now() > until) throw new PortWaitError(host, port, `nothing listened within ${options.deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
