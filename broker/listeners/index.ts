export { startListener, startListeners } from './start-listeners.ts';
export { startTcpListener } from './tcp-listener.ts';
export { startTlsListener } from './tls-listener.ts';
export { startWsListener, selectSubprotocol } from './ws-listener.ts';
export { ListenerError, formatUrl } from './listener.ts';
export type { ConnectionHandler, ListenerOptions, RunningListener } from './listener.ts';
export { peerIdentity, serverTlsOptions, TLS_MIN_VERSION } from './tls-options.ts';
export type { ClientCertConfig } from './tls-options.ts';
