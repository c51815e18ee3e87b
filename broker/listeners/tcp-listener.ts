// Plain TCP: mqtt://host:port.
import { createServer } from 'node:net';
import type { TcpListenerConfig } from '../config/config-types.ts';
import { dispatch, formatUrl } from './listener.ts';
import type { ConnectionHandler, ListenerOptions, RunningListener } from './listener.ts';
import { ServerHandle } from './net-server.ts';

export async function startTcpListener(config: TcpListenerConfig, handler: ConnectionHandler, options: ListenerOptions): Promise<RunningListener> {
  const server = createServer({ noDelay: true }, (socket) => {
    socket.setNoDelay(true);
    dispatch(handler, socket, { transport: 'tcp', remoteAddress: socket.remoteAddress }, options.logger);
  });
  const handle = new ServerHandle(server, options.logger, 'tcp');
  const port = await handle.listen('tcp', config.host, config.port);
  return {
    type: 'tcp', host: config.host, port, url: formatUrl('mqtt', config.host, port),
    stopAccepting: () => handle.stopAccepting(),
    close: () => handle.close(),
  };
}
