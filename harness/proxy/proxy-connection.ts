// One proxied connection: the client's socket, one upstream socket to the broker, a framer on each
// direction, and the fault's hooks in between. Frames a hook does not touch are written as the
// very bytes received.
import type { Duplex } from 'node:stream';
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { FrameReader, PacketType } from './frame-reader.ts';
import type { Frame } from './frame-reader.ts';
import type { Fault, FaultContext, FaultHooks, Outgoing, ProtocolVersion, ProxyTransport, Verdict } from './fault.ts';
import { WebSocketStream } from './websocket-stream.ts';

export interface ConnectionEvents {
  applied(connectionId: number, detail: string): void;
  hookError(connectionId: number, error: unknown): void;
  closed(connection: ProxyConnection): void;
}

/** Protocol level of a CONNECT frame, read from its bytes (no full parse needed). */
export function connectProtocolLevel(frame: Frame): ProtocolVersion | undefined {
  const at = frame.headerLength;
  if (at + 2 > frame.bytes.length) return undefined;
  const nameLength = frame.bytes.readUInt16BE(at);
  const level = frame.bytes[at + 2 + nameLength];
  return level === 3 || level === 4 || level === 5 ? level : undefined;
}

/** Ends a socket gracefully (FIN after pending writes), destroying it if the peer lingers. */
function endSocket(socket: Duplex): void {
  if (socket.destroyed) return;
  socket.end();
  setTimeout(() => socket.destroy(), 2000).unref();
}

export class ProxyConnection {
  private readonly fromClient = new FrameReader();
  private readonly fromBroker = new FrameReader();
  private readonly hooks: FaultHooks;
  private readonly timers = new Set<NodeJS.Timeout>();
  private protocolVersion: ProtocolVersion = 4;
  private clientSentDisconnect = false;
  private clientClosed = false;
  private brokerClosed = false;

  constructor(
    readonly id: number,
    readonly transport: ProxyTransport,
    private readonly client: Duplex,
    private readonly broker: Duplex,
    fault: Fault,
    private readonly events: ConnectionEvents,
    private readonly shared: Map<string, unknown>,
  ) {
    this.hooks = fault.attach(this.context());
    if (client instanceof WebSocketStream) this.attachWebSocket(client);
    client.on('data', (chunk: Buffer) => this.onData(chunk, 'client'));
    broker.on('data', (chunk: Buffer) => this.onData(chunk, 'broker'));
    client.on('error', () => undefined);
    broker.on('error', () => undefined);
    client.on('close', () => this.onClose('client'));
    broker.on('close', () => this.onClose('broker'));
  }

  /** A WebSocket client: each message goes past the fault's WebSocket hook before joining the stream. */
  private attachWebSocket(client: WebSocketStream): void {
    const hook = this.hooks.onClientWebSocketMessage;
    const forwardText = (data: Buffer): void => {
      // A text frame is forwarded as one (the broker must close on it, [MQTT-6.0.0-1]).
      if (this.broker instanceof WebSocketStream) this.broker.sendText(data);
      else endSocket(client);
    };
    client.onText = (data) => {
      const verdict = this.safely(() => hook?.call(this.hooks, data, false));
      if (verdict === 'close') return endSocket(client);
      if (verdict === 'as-binary') return void client.push(data);
      if (Buffer.isBuffer(verdict)) return void client.push(verdict);
      forwardText(data);
    };
    client.onBinary = (data) => {
      const verdict = this.safely(() => hook?.call(this.hooks, data, true));
      if (verdict === 'close') {
        endSocket(client);
        return undefined;
      }
      return Buffer.isBuffer(verdict) ? verdict : data;
    };
  }

  /** Ends both sides now. */
  destroy(): void {
    this.client.destroy();
    this.broker.destroy();
  }

  private context(): FaultContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const connection = this;
    return {
      connectionId: this.id,
      transport: this.transport,
      shared: this.shared,
      get protocolVersion() {
        return connection.protocolVersion;
      },
      get clientSentDisconnect() {
        return connection.clientSentDisconnect;
      },
      parse: (frame) => this.parse(frame),
      encode: (packet) => this.encode(packet),
      sendToClient: (data) => this.write(this.client, data),
      sendToBroker: (data) => this.write(this.broker, data),
      closeClient: () => endSocket(this.client),
      closeBroker: () => endSocket(this.broker),
      applied: (detail) => this.events.applied(this.id, detail),
      setTimeout: (ms, fn) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          fn();
        }, ms);
        this.timers.add(timer);
      },
      setInterval: (ms, fn) => {
        this.timers.add(setInterval(fn, ms));
      },
    };
  }

  private parse(frame: Frame): Packet | undefined {
    const parser = mqttPacket.parser({ protocolVersion: this.protocolVersion });
    let packet: Packet | undefined;
    parser.on('packet', (p: Packet) => {
      packet ??= p;
    });
    parser.on('error', () => undefined);
    parser.parse(frame.bytes);
    return packet;
  }

  private encode(packet: Packet): Buffer {
    return mqttPacket.generate(packet, { protocolVersion: this.protocolVersion });
  }

  private write(socket: Duplex, data: Outgoing): void {
    if (socket.destroyed || socket.writableEnded) return;
    socket.write(Buffer.isBuffer(data) ? data : this.encode(data));
  }

  private onData(chunk: Buffer, side: 'client' | 'broker'): void {
    const reader = side === 'client' ? this.fromClient : this.fromBroker;
    const target = side === 'client' ? this.broker : this.client;
    for (const item of reader.push(chunk)) {
      if (item.kind === 'raw') {
        this.write(target, item.bytes);
        continue;
      }
      const frame = item.frame;
      if (side === 'client') {
        if (frame.type === PacketType.CONNECT) this.protocolVersion = connectProtocolLevel(frame) ?? this.protocolVersion;
        // Only a well-formed DISCONNECT (no flags, no body) counts as a clean end.
        if (frame.type === PacketType.DISCONNECT && frame.flags === 0 && frame.bytes.length === 2) this.clientSentDisconnect = true;
      }
      const hook = side === 'client' ? this.hooks.onClientPacket : this.hooks.onBrokerPacket;
      let verdict: Verdict;
      try {
        verdict = hook?.call(this.hooks, frame);
      } catch (error) {
        this.events.hookError(this.id, error);
        verdict = undefined;
      }
      this.apply(verdict, frame, target);
    }
    // Backpressure: stop reading this side until the other side has drained.
    const source = side === 'client' ? this.client : this.broker;
    if (target.writableNeedDrain && !source.isPaused()) {
      source.pause();
      target.once('drain', () => source.resume());
    }
  }

  private apply(verdict: Verdict, frame: Frame, target: Duplex): void {
    if (verdict === undefined) return this.write(target, frame.bytes);
    if (verdict === 'drop') return;
    if (Array.isArray(verdict)) {
      for (const item of verdict as readonly Outgoing[]) this.write(target, item);
      return;
    }
    this.write(target, verdict as Outgoing);
  }

  private onClose(side: 'client' | 'broker'): void {
    if (side === 'client') {
      if (this.clientClosed) return;
      this.clientClosed = true;
      this.safely(() => this.hooks.onClientClose?.());
      endSocket(this.broker);
    } else {
      if (this.brokerClosed) return;
      this.brokerClosed = true;
      const keep = this.safely(() => this.hooks.onBrokerClose?.());
      if (keep !== 'keep-client') endSocket(this.client);
    }
    if (this.clientClosed && this.brokerClosed) {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.events.closed(this);
    } else if (this.clientClosed) {
      // The client is gone: nothing more to deliver, stop the fault's timers now.
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
    }
  }

  private safely<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.events.hookError(this.id, error);
      return undefined;
    }
  }
}
