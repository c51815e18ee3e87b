// Opens a byte stream to a broker for any of the four MQTT URL schemes.
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import WebSocket, { createWebSocketStream } from 'ws';
import { ConnectError } from './errors.ts';

export interface TransportOptions {
  caFile?: string;
  timeoutMs: number;
}

const DEFAULT_PORTS: Record<string, number> = { 'mqtt:': 1883, 'mqtts:': 8883, 'ws:': 80, 'wss:': 443 };

export async function openTransport(url: string, options: TransportOptions): Promise<Duplex> {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port || DEFAULT_PORTS[parsed.protocol]);
  const ca = options.caFile === undefined ? undefined : readFileSync(options.caFile);
  const pending = ((): { stream: Duplex; ready: string } => {
    switch (parsed.protocol) {
      case 'mqtt:':
        return { stream: net.connect({ host, port, noDelay: true }), ready: 'connect' };
      case 'mqtts:':
        return { stream: tls.connect({ host, port, ca, servername: net.isIP(host) ? undefined : host }), ready: 'secureConnect' };
      case 'ws:':
      case 'wss:': {
        const ws = new WebSocket(url, ['mqtt'], { ca });
        const stream = createWebSocketStream(ws);
        ws.once('open', () => stream.emit('transport-open'));
        // createWebSocketStream only ends its readable side when the server closes; the probe waits
        // for 'close', so a closed WebSocket destroys the stream.
        ws.once('close', () => stream.destroy());
        return { stream, ready: 'transport-open' };
      }
      default:
        throw new ConnectError(url, `unsupported scheme ${parsed.protocol} (use mqtt://, mqtts://, ws:// or wss://)`);
    }
  })();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.stream.destroy();
      reject(new ConnectError(url, `no connection within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    pending.stream.once(pending.ready, () => {
      clearTimeout(timer);
      pending.stream.removeAllListeners('error');
      resolve(pending.stream);
    });
    pending.stream.once('error', (err: Error) => {
      clearTimeout(timer);
      reject(new ConnectError(url, err.message));
    });
  });
}
