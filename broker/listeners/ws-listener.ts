// WebSocket (ws://) and secure WebSocket (wss://) on one path, MQTT over binary frames.
// - The subprotocol `mqtt` is selected when offered [MQTT-6.0.0-4] (`mqttv3.1` for old 3.1 clients).
// - A text (non-binary) frame closes the connection [MQTT-6.0.0-1].
// - Frames are a byte stream to the core: packets may span or share frames [MQTT-6.0.0-2].
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { WsListenerConfig, WssListenerConfig } from '../config/config-types.ts';
import { dispatch, formatUrl } from './listener.ts';
import type { ConnectionHandler, ListenerOptions, RunningListener } from './listener.ts';
import { ServerHandle } from './net-server.ts';
import { peerIdentity, serverTlsOptions } from './tls-options.ts';
import type { ClientCertConfig } from './tls-options.ts';
import type { TLSSocket } from 'node:tls';

/** Frame slack above maxPacketSize: a packet may share a frame with the start of the next one. */
const FRAME_SLACK = 64 * 1024;

export function selectSubprotocol(offered: Set<string>): string | false {
  if (offered.has('mqtt')) return 'mqtt'; // [MQTT-6.0.0-4]
  if (offered.has('mqttv3.1')) return 'mqttv3.1';
  return false;
}

export async function startWsListener(config: WsListenerConfig | (WssListenerConfig & ClientCertConfig), handler: ConnectionHandler, options: ListenerOptions): Promise<RunningListener> {
  const secure = config.type === 'wss';
  const notFound = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(req.url === config.path ? 426 : 404, { 'content-type': 'text/plain' });
    res.end(req.url === config.path ? 'MQTT over WebSocket: upgrade required\n' : 'not found\n');
  };
  // Handshake and upgrade request must complete within connectTimeoutMs (slow-loris sockets are dropped).
  const deadline = options.connectTimeoutMs ?? 10_000;
  const httpOptions = { headersTimeout: deadline, requestTimeout: deadline };
  const httpServer = secure
    ? createHttpsServer({ ...serverTlsOptions(config as WssListenerConfig & ClientCertConfig), ...httpOptions, handshakeTimeout: deadline }, notFound)
    : createHttpServer(httpOptions, notFound);
  const wss = new WebSocketServer({
    server: httpServer,
    path: config.path,
    handleProtocols: (offered) => selectSubprotocol(offered),
    maxPayload: (options.maxPacketSize ?? 268_435_460) + FRAME_SLACK,
    perMessageDeflate: false,
  });
  wss.on('error', (err) => options.logger.log('error', 'ws.server-error', { err }));
  wss.on('connection', (ws, req) => {
    const remoteAddress = req.socket.remoteAddress;
    req.socket.setNoDelay(true);
    const identity = secure ? peerIdentity(req.socket as TLSSocket, options.logger, config.type) : {};
    if (identity === null) return void ws.terminate();
    let stream: Duplex | undefined;
    // Registered before createWebSocketStream's own listener, so a text frame never reaches the core.
    ws.on('message', (_data, isBinary) => {
      if (isBinary) return;
      options.logger.log('warn', 'ws.text-frame', { remoteAddress, transport: config.type, spec: 'MQTT-6.0.0-1' });
      stream?.destroy();
      ws.terminate(); // [MQTT-6.0.0-1]
    });
    stream = createWebSocketStream(ws);
    dispatch(handler, stream, { transport: config.type, remoteAddress, ...identity }, options.logger);
  });
  httpServer.on('tlsClientError', (err: Error, socket: { remoteAddress?: string; destroy(): void }) => {
    options.logger.log('info', 'tls.handshake-failed', { remoteAddress: socket.remoteAddress, transport: config.type, err });
    socket.destroy();
  });
  const handle = new ServerHandle(httpServer, options.logger, config.type);
  const port = await handle.listen(config.type, config.host, config.port);
  return {
    type: config.type, host: config.host, port, url: formatUrl(secure ? 'wss' : 'ws', config.host, port, config.path),
    stopAccepting: () => handle.stopAccepting(),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await handle.close();
    },
  };
}
