// The shape of one fault the proxy can inject. A fault is a named object; for each proxied
// connection the proxy calls `attach(ctx)` and gets that connection's hooks (their closures hold
// the per-connection state). Hooks see whole frames, byte-exact; they parse one only when they
// need to look inside (`ctx.parse`), and return a verdict:
//   undefined      → forward the frame unchanged (the default; raw bytes, never regenerated)
//   'drop'         → swallow it
//   Packet | Buffer | (Packet | Buffer)[] → send these instead (a Packet is generated with the
//                    connection's protocol version)
import type { Packet } from 'mqtt-packet';
import type { Frame } from './frame-reader.ts';

export type ProtocolVersion = 3 | 4 | 5;

/** The transport of a proxy listener or upstream: MQTT over TCP, TLS, WebSocket or secure WebSocket. */
export type ProxyTransport = 'mqtt' | 'mqtts' | 'ws' | 'wss';

/** What to do with one WebSocket message from the client (ws/wss listeners only). */
export type WebSocketVerdict = undefined | 'close' | 'as-binary' | Buffer;

export type Outgoing = Packet | Buffer;

export type Verdict = undefined | 'drop' | Outgoing | readonly Outgoing[];

export interface FaultContext {
  /** Sequence number of this proxied connection (1, 2, …). */
  readonly connectionId: number;
  /** The transport the client connected over. */
  readonly transport: ProxyTransport;
  /** Protocol level of the client's CONNECT (4 until a CONNECT has been seen). */
  readonly protocolVersion: ProtocolVersion;
  /** State shared by every connection of one proxy (for faults that act across clients). */
  readonly shared: Map<string, unknown>;
  /** True once the client has sent DISCONNECT on this connection. */
  readonly clientSentDisconnect: boolean;
  /** Parses one frame with mqtt-packet (this connection's protocol version); undefined if malformed. */
  parse(frame: Frame): Packet | undefined;
  /** Generates a packet with this connection's protocol version. */
  encode(packet: Packet): Buffer;
  /** Injects bytes or a packet towards the client / the broker, after anything already sent. */
  sendToClient(data: Outgoing): void;
  sendToBroker(data: Outgoing): void;
  /** Ends the client or the upstream connection (the other side follows unless a hook keeps it). */
  closeClient(): void;
  closeBroker(): void;
  /** Records that the fault acted (shown in the proxy's fault log and 'fault' events). */
  applied(detail: string): void;
  /** Timers cleared automatically when the connection ends. */
  setTimeout(ms: number, fn: () => void): void;
  setInterval(ms: number, fn: () => void): void;
}

export interface FaultHooks {
  /** A frame from the client, on its way to the broker. */
  onClientPacket?(frame: Frame): Verdict;
  /** A frame from the broker, on its way to the client. */
  onBrokerPacket?(frame: Frame): Verdict;
  /** The client's connection ended; called before the proxy ends the upstream connection. */
  onClientClose?(): void;
  /** The broker's connection ended; return 'keep-client' to leave the client connected. */
  onBrokerClose?(): 'keep-client' | void;
  /**
   * A WebSocket message from the client, before it joins the MQTT byte stream. undefined: as usual
   * (binary → stream data; text → forwarded to the broker as a text frame); 'close': end the
   * connection; 'as-binary': take a text message as stream data; a Buffer: these bytes instead.
   */
  onClientWebSocketMessage?(data: Buffer, isBinary: boolean): WebSocketVerdict;
}

export interface Fault {
  readonly name: string;
  readonly description: string;
  /** The spec statements a broker showing this behaviour breaks. */
  readonly rules: readonly string[];
  attach(ctx: FaultContext): FaultHooks;
  /**
   * ws/wss: the subprotocol the proxy answers the client with, given the one the broker selected
   * (default: the broker's). A different answer is recorded as the fault acting.
   */
  webSocketProtocol?(selected: string, offered: readonly string[]): string;
}

export interface FaultEvent {
  readonly at: number;
  readonly connectionId: number;
  readonly fault: string;
  readonly detail: string;
}

export class UnknownFaultError extends Error {
  constructor(
    readonly faultName: string,
    readonly known: readonly string[],
  ) {
    super(`unknown fault "${faultName}"; known faults: ${known.join(', ')}`);
    this.name = 'UnknownFaultError';
  }
}
