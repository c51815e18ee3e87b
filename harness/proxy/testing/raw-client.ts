// Test support: a raw MQTT client that sends any packet or bytes and reads packets in order, each
// wait bounded by a deadline.
import net from 'node:net';
import mqttPacket from 'mqtt-packet';
import type { IConnackPacket, IConnectPacket, Packet } from 'mqtt-packet';

export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`no ${what} within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

export class RawClient {
  readonly received: Packet[] = [];
  readonly closed: Promise<void>;
  private readonly queue: Packet[] = [];
  private waiter: (() => void) | undefined;
  private isClosed = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly protocolVersion: 4 | 5,
  ) {
    const parser = mqttPacket.parser({ protocolVersion });
    parser.on('packet', (packet: Packet) => {
      this.received.push(packet);
      this.queue.push(packet);
      this.waiter?.();
    });
    parser.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.waiter?.();
        resolve();
      }),
    );
  }

  static async open(port: number, protocolVersion: 4 | 5 = 4): Promise<RawClient> {
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket, protocolVersion);
  }

  /** Opens a connection and completes CONNECT/CONNACK. */
  static async connect(port: number, connect: Partial<IConnectPacket> = {}): Promise<{ client: RawClient; connack: IConnackPacket }> {
    const client = await RawClient.open(port, connect.protocolVersion === 5 ? 5 : 4);
    client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: `fp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`, ...connect });
    const connack = await client.expect('connack');
    return { client, connack };
  }

  get ended(): boolean {
    return this.isClosed;
  }

  send(data: Packet | Buffer): void {
    this.socket.write(Buffer.isBuffer(data) ? data : mqttPacket.generate(data, { protocolVersion: this.protocolVersion }));
  }

  /** The next packet, in arrival order. */
  async next(ms = 2000): Promise<Packet> {
    const deadline = Date.now() + ms;
    while (this.queue.length === 0) {
      if (this.isClosed) throw new Error('connection closed while waiting for a packet');
      const left = deadline - Date.now();
      if (left <= 0) throw new DeadlineError('packet', ms);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.queue.shift() as Packet;
  }

  /** The next packet, which must be of this type. */
  async expect<C extends Packet['cmd']>(cmd: C, ms = 2000): Promise<Extract<Packet, { cmd: C }>> {
    const packet = await this.next(ms);
    if (packet.cmd !== cmd) throw new Error(`expected ${cmd}, got ${packet.cmd}: ${JSON.stringify(packet)}`);
    return packet as Extract<Packet, { cmd: C }>;
  }

  /** Resolves true if the connection closes within `ms`, false if it is still open then. */
  async closesWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const open = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.closed.then(() => true), open]);
    clearTimeout(timer);
    return result;
  }

  /** Sends PINGREQ and returns every packet before the PINGRESP (proves what did not arrive). */
  async drain(ms = 2000): Promise<Packet[]> {
    this.send({ cmd: 'pingreq' });
    const before: Packet[] = [];
    for (;;) {
      const packet = await this.next(ms);
      if (packet.cmd === 'pingresp') return before;
      before.push(packet);
    }
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
