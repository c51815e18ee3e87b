// TLS: mqtts://host:port. Certificate and key are PEM files (ca optional, sent as the chain); TLS 1.2
// at least; optional client certificates whose CN is the username (tls-options.ts).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:tls';
import type { TlsListenerConfig } from '../config/config-types.ts';
import { dispatch, formatUrl } from './listener.ts';
import type { ConnectionHandler, ListenerOptions, RunningListener } from './listener.ts';
import { ServerHandle } from './net-server.ts';
import { peerIdentity, serverTlsOptions } from './tls-options.ts';
import type { ClientCertConfig } from './tls-options.ts';

export function readTlsFiles(config: { cert: string; key: string; ca?: string }): { cert: Buffer; key: Buffer; ca?: Buffer } {
  return {
    cert: readFileSync(config.cert),
    key: readFileSync(config.key),
    ...(config.ca ? { ca: readFileSync(config.ca) } : {}),
  };
}

export async function startTlsListener(config: TlsListenerConfig & ClientCertConfig, handler: ConnectionHandler, options: ListenerOptions): Promise<RunningListener> {
  // A client that opens TCP and never finishes the handshake is dropped after connectTimeoutMs.
  const server = createServer({ ...serverTlsOptions(config), handshakeTimeout: options.connectTimeoutMs ?? 10_000 }, (socket) => {
    socket.setNoDelay(true);
    const identity = peerIdentity(socket, options.logger, 'tls');
    if (identity === null) return void socket.destroy();
    dispatch(handler, socket, { transport: 'tls', remoteAddress: socket.remoteAddress, ...identity }, options.logger);
  });
  server.on('tlsClientError', (err, socket) => {
    options.logger.log('info', 'tls.handshake-failed', { remoteAddress: socket.remoteAddress, err });
    socket.destroy();
  });
  const handle = new ServerHandle(server, options.logger, 'tls');
  const port = await handle.listen('tls', config.host, config.port);
  return {
    type: 'tls', host: config.host, port, url: formatUrl('mqtts', config.host, port),
    stopAccepting: () => handle.stopAccepting(),
    close: () => handle.close(),
  };
}
