// A WebSocket connection under the scenario's control frame by frame: which subprotocol the
// server chose, MQTT bytes split or joined across frames, text frames. Every packet lands in the
// scenario's Trace like a ProbeConnection's.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import mqtt from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { ExpectationError, ConnectError, describePacket, type Trace } from '../../harness/probe/index.ts';

export interface WsClientOptions {
  name: string;
  url: string;
  protocols: string[];
  caFile?: string;
  trace: Trace;
  timeoutMs: number;
}

export class WsClient {
  private readonly inbox: Packet[] = [];
  private readonly listeners = new Set<() => void>();
  private closedFlag = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly options: WsClientOptions,
  ) {
    const parser = mqtt.parser({ protocolVersion: 4 });
    parser.on('packet', (packet: Packet) => {
      options.trace.add(options.name, '<-', describePacket(packet));
      this.inbox.push(packet);
      this.notify();
    });
    parser.on('error', (err: Error) => options.trace.add(options.name, '!!', `unparseable bytes from broker: ${err.message}`));
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) options.trace.add(options.name, '!!', 'text frame from broker');
      parser.parse(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
    });
    socket.on('error', () => undefined);
    socket.on('close', (code: number) => {
      this.closedFlag = true;
      options.trace.add(options.name, '!!', `WebSocket closed (code ${code})`);
      this.notify();
    });
  }

  static open(options: WsClientOptions): Promise<WsClient> {
    const ca = options.caFile === undefined ? undefined : readFileSync(options.caFile);
    const socket = new WebSocket(options.url, options.protocols, { ca });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new ConnectError(options.url, `no WebSocket within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        options.trace.add(options.name, '!!', `WebSocket open, subprotocol "${socket.protocol}"`);
        resolve(new WsClient(socket, options));
      });
      socket.once('error', (err: Error) => {
        clearTimeout(timer);
        reject(new ConnectError(options.url, err.message));
      });
    });
  }

  /** The subprotocol the server selected ('' when it selected none). */
  get protocol(): string {
    return this.socket.protocol;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Each buffer goes out as one binary frame. */
  sendFrames(frames: Buffer[], note: string): void {
    this.options.trace.add(this.options.name, '->', `${note}: ${frames.map((f) => f.toString('hex')).join(' | ')}`);
    for (const frame of frames) this.socket.send(frame, { binary: true });
  }

  sendText(bytes: Buffer, note: string): void {
    this.options.trace.add(this.options.name, '->', `${note} (text frame): ${bytes.toString('hex')}`);
    this.socket.send(bytes, { binary: false });
  }

  async expect(match: (p: Packet) => boolean, timeoutMs: number, expected: string): Promise<Packet> {
    const found = await this.until(() => {
      const index = this.inbox.findIndex(match);
      return index >= 0 ? this.inbox.splice(index, 1)[0] : undefined;
    }, timeoutMs);
    if (found === undefined) {
      throw new ExpectationError(`${this.options.name} to receive ${expected} over the WebSocket within ${timeoutMs} ms`,
        this.inbox.length > 0 ? this.inbox.map(describePacket).join('; ') : this.closedFlag ? 'nothing (the WebSocket was closed)' : 'nothing');
    }
    return found;
  }

  async waitClosed(timeoutMs: number): Promise<void> {
    const closed = await this.until(() => (this.closedFlag ? true : undefined), timeoutMs);
    if (closed === undefined) throw new ExpectationError(`the broker to close ${this.options.name}'s WebSocket within ${timeoutMs} ms`, 'it stayed open');
  }

  close(): void {
    if (!this.closedFlag) this.socket.terminate();
  }

  private until<T>(check: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const listener = (): void => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        resolve(undefined);
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
