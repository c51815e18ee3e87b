// A bare MQTT 3.1.1 client for the load generator: raw socket, pre-encoded packets, Framer for input.
import { connect as netConnect, type Socket } from 'node:net';
import { DISCONNECT, encodeConnect, encodeSubscribe, Framer } from './wire.ts';

export class BenchTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'BenchTimeoutError';
  }
}

export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export type PublishHandler = (qos: number, packetId: number, seq: number) => void;

export class RawClient {
  /** Called for each PUBLISH received; set before traffic starts. */
  onPublish: PublishHandler = () => {};
  /** Called for each PUBACK received (packet id). */
  onPuback: (packetId: number) => void = () => {};
  private readonly waiters = new Map<number, (body: Buffer, offset: number) => void>();
  private readonly framer: Framer;

  private constructor(readonly socket: Socket) {
    this.framer = new Framer({
      publish: (qos, packetId, seq) => this.onPublish(qos, packetId, seq),
      other: (type, body, offset) => {
        if (type === 4) return this.onPuback(body.readUInt16BE(offset));
        const waiter = this.waiters.get(type);
        if (waiter !== undefined) {
          this.waiters.delete(type);
          waiter(body, offset);
        }
      },
    });
    socket.on('data', (chunk: Buffer) => {
      // One cork per chunk: the PUBACKs a chunk triggers leave in one write.
      socket.cork();
      this.framer.push(chunk);
      socket.uncork();
    });
    socket.on('error', () => {});
  }

  /** Opens a TCP connection, sends CONNECT (or the pre-encoded `connectPacket`), resolves on CONNACK 0. */
  static connect(
    port: number,
    clientId: string,
    clean: boolean,
    timeoutMs = 10_000,
    connectPacket?: Buffer,
    /** Runs before any byte arrives: set handlers for packets that may follow CONNACK in the same chunk. */
    setup?: (client: RawClient) => void,
  ): Promise<RawClient> {
    const socket = netConnect({ host: '127.0.0.1', port, noDelay: true });
    const client = new RawClient(socket);
    setup?.(client);
    const connack = new Promise<RawClient>((resolve, reject) => {
      client.waiters.set(2, (body, offset) => {
        const rc = body[offset + 1];
        if (rc === 0) resolve(client);
        else reject(new Error(`CONNACK return code ${rc} for ${clientId}`));
      });
      socket.once('close', () => reject(new Error(`connection of ${clientId} closed before CONNACK`)));
    });
    socket.once('connect', () => socket.write(connectPacket ?? encodeConnect(clientId, clean)));
    return withDeadline(connack, timeoutMs, `CONNACK for ${clientId}`).catch((err: unknown) => {
      socket.destroy();
      throw err;
    });
  }

  subscribe(topic: string, qos: 0 | 1, timeoutMs = 10_000): Promise<void> {
    const suback = new Promise<void>((resolve, reject) => {
      this.waiters.set(9, (body, offset) => {
        const granted = body[offset + 2]!;
        if (granted === 0x80) reject(new Error(`SUBACK failure for ${topic}`));
        else resolve();
      });
    });
    this.socket.write(encodeSubscribe(topic, qos));
    return withDeadline(suback, timeoutMs, `SUBACK for ${topic}`);
  }

  /** Writes; resolves once the socket can take more (drain), at once if it already can. */
  write(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  /** DISCONNECT, then close; resolves when the socket is closed (deadline 5 s, then destroyed). */
  async close(): Promise<void> {
    if (this.socket.destroyed) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.end(DISCONNECT);
    await withDeadline(closed, 5_000, 'close').catch(() => this.socket.destroy());
  }
}
