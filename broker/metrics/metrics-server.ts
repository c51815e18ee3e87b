// The HTTP endpoint Prometheus scrapes: GET /metrics in the text exposition format; anything else 404.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../model/contracts.ts';

export interface RunningMetricsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export class MetricsServerError extends Error {
  override readonly name = 'MetricsServerError';
}

export async function startMetricsServer(options: { registry: Registry; port: number; host?: string; logger: Logger }): Promise<RunningMetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at GET /metrics\n');
      return;
    }
    options.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(body),
      (err: unknown) => {
        options.logger.log('error', 'metrics-failed', { error: err instanceof Error ? err.message : String(err) });
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new MetricsServerError(`metrics endpoint ${host}:${options.port}: ${err.code === 'EADDRINUSE' ? 'address already in use; choose another --metrics-port (0 picks a free one)' : err.message}`)),
    );
    server.listen(options.port, host, () => resolve());
  });
  server.on('error', (err) => options.logger.log('error', 'metrics-server-error', { error: err.message }));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`;
  options.logger.log('info', 'metrics-listening', { url });
  return {
    url, port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
