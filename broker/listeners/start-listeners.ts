// Starts every configured listener; if one cannot start, those already up are closed again.
import type { ListenerConfig } from '../config/config-types.ts';
import type { ConnectionHandler, ListenerOptions, RunningListener } from './listener.ts';
import { startTcpListener } from './tcp-listener.ts';
import { startTlsListener } from './tls-listener.ts';
import { startWsListener } from './ws-listener.ts';

export function startListener(config: ListenerConfig, handler: ConnectionHandler, options: ListenerOptions): Promise<RunningListener> {
  switch (config.type) {
    case 'tcp': return startTcpListener(config, handler, options);
    case 'tls': return startTlsListener(config, handler, options);
    case 'ws':
    case 'wss': return startWsListener(config, handler, options);
  }
}

export async function startListeners(configs: readonly ListenerConfig[], handler: ConnectionHandler, options: ListenerOptions): Promise<RunningListener[]> {
  const started: RunningListener[] = [];
  try {
    for (const config of configs) started.push(await startListener(config, handler, options));
  } catch (err) {
    await Promise.all(started.map((l) => l.close()));
    throw err;
  }
  return started;
}
