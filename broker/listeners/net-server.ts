// Listening and closing a net/tls/http server. Every raw socket is tracked (for TLS and HTTP too:
// the 'connection' event carries the TCP socket), so close() can end what is still open and never hangs.
import type { Server, Socket } from 'node:net';
import type { Logger } from '../model/contracts.ts';
import { describeListenError } from './listener.ts';

export class ServerHandle {
  private readonly sockets = new Set<Socket>();
  private closed: Promise<void> | undefined;

  constructor(readonly server: Server, logger: Logger, type: string) {
    // Errors after listen (EMFILE, …) are logged; without a listener they would end the process.
    server.on('error', (err) => { if (server.listening) logger.log('error', 'listener.error', { type, err }); });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  listen(type: string, host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => reject(describeListenError(type, host, port, err));
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Stops accepting at once; connections already open stay up. */
  stopAccepting(): void {
    this.closed ??= new Promise((resolve) => this.server.close(() => resolve()));
  }

  async close(): Promise<void> {
    this.stopAccepting();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await this.closed;
  }
}
