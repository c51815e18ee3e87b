// Plays one ConnectionScript over real TCP: connect, write each chunk (awaiting each write), then
// linger until the broker closes the connection or the linger time is up. Never throws: socket errors
// (ECONNRESET when the broker drops a bad client) are part of the outcome.
import net from 'node:net';
import type { ConnectionScript } from './script.ts';
import { playScriptWs } from './send-ws.ts';

export interface Endpoint {
  host: string;
  port: number;
}

export interface ScriptOutcome {
  connected: boolean;
  /** The broker closed the connection (before the client did). */
  closedByBroker: boolean;
  bytesReceived: number;
  error?: string;
  /** Local port (identifies the connection in the broker's view). */
  localPort?: number;
}

export function parseEndpoint(url: string): Endpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--url: not a URL: "${url}" (use mqtt://host:port)`);
  }
  if (u.protocol !== 'mqtt:') throw new Error(`--url: only mqtt:// URLs are fuzzed, got ${url} (use mqtt://host:port)`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 1883) };
}

/** Plays `script`; gives up after connectTimeoutMs without a connection, and after maxMs in all. */
export function playScript(endpoint: Endpoint, script: ConnectionScript, connectTimeoutMs = 3000, maxMs = script.lingerMs + 10_000): Promise<ScriptOutcome> {
  return new Promise((resolve) => {
    const outcome: ScriptOutcome = { connected: false, closedByBroker: false, bytesReceived: 0 };
    const socket = net.connect({ host: endpoint.host, port: endpoint.port, noDelay: true });
    let finished = false;
    let linger: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(connectTimer);
      clearTimeout(linger);
      clearTimeout(overall);
      socket.destroy();
      resolve(outcome);
    };
    const connectTimer = setTimeout(() => {
      outcome.error ??= `no TCP connection within ${connectTimeoutMs} ms`;
      finish();
    }, connectTimeoutMs);
    const overall = setTimeout(() => {
      outcome.error ??= `writes not done within ${maxMs} ms`;
      finish();
    }, maxMs);
    socket.on('data', (chunk: Buffer) => { outcome.bytesReceived += chunk.length; });
    socket.on('error', (err: NodeJS.ErrnoException) => { outcome.error ??= err.code ?? err.message; });
    socket.on('end', () => { if (!finished) outcome.closedByBroker = true; });
    socket.on('close', finish);
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      outcome.connected = true;
      outcome.localPort = socket.localPort;
      void (async () => {
        for (const chunk of script.chunks) {
          if (finished || socket.destroyed) return;
          await new Promise<void>((done) => socket.write(chunk, () => done()));
        }
        if (!finished) linger = setTimeout(finish, script.lingerMs);
      })();
    });
  });
}

/** Where fuzz connections go: the TCP endpoint, and a ws:// URL for the scripts that use WebSocket. */
export interface FuzzTarget {
  endpoint: Endpoint;
  wsUrl?: string;
}

export function play(target: FuzzTarget, script: ConnectionScript): Promise<ScriptOutcome> {
  if (script.transport === 'ws' && target.wsUrl !== undefined) return playScriptWs(target.wsUrl, script);
  return playScript(target.endpoint, script);
}
