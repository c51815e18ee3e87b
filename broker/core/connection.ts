// One network connection: frames bytes, parses packets with mqtt-packet (the protocol version known
// after CONNECT is passed to the parser as a value), dispatches them, writes responses, runs the
// connect timeout and keepalive timers, and closes exactly once, logging why.
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import type { Duplex } from 'node:stream';
import type { StoredMessage } from '../model/messages.ts';
import { encodeAck, encodeConnack, encodePublish, PUBREL } from '../protocol/encode.ts';
import { Framer } from '../protocol/framer.ts';
import { fixedRemainingLength, hasIllFormedUtf8, readProtocolHeader, remainingLength } from '../protocol/raw-checks.ts';
import { connackCode } from '../protocol/return-codes.ts';
import type { ConnectRefusal } from '../protocol/return-codes.ts';
import type { TemplatedEntry } from '../session/delivery.ts';
import type { Throttle } from '../session/flow-control.ts';
import type { OutboundEntry, Session, SessionLink } from '../session/session.ts';
import type { BrokerCore } from './broker-core.ts';
import { HeldInput } from './held-input.ts';
import type { BudgetHolder } from './input-budget.ts';
import type { ConnectionMeta } from '../model/contracts.ts';
import { MalformedPacketError, PacketTooLargeError, ProtocolViolationError } from '../model/errors.ts';
import type { RegisteredClient } from '../session/session-registry.ts';

export type ConnectionState = 'awaiting-connect' | 'connecting' | 'connected' | 'closed';

/** Why a connection closed and whether its will is published. */
export interface CloseReason {
  reason: string;
  publishWill: boolean;
  level?: 'debug' | 'info' | 'warn' | 'error';
  fields?: Record<string, unknown>;
}

const REPLACEMENT = '\uFFFD';
/** Unsent bytes to one client beyond which QoS 0 messages to it are dropped. */
const QOS0_BACKLOG_BYTES = 8 * 1024 * 1024;

// Strings are decoded with Buffer#toString, which keeps a leading U+FEFF as is [MQTT-1.5.3-3].
function mayHoldIllFormedUtf8(p: Packet): boolean {
  switch (p.cmd) {
    case 'publish':
      return p.topic.includes(REPLACEMENT);
    case 'connect':
      return (
        p.clientId.includes(REPLACEMENT) ||
        (p.will?.topic.includes(REPLACEMENT) ?? false) ||
        (p.username?.includes(REPLACEMENT) ?? false)
      );
    case 'subscribe':
      return p.subscriptions.some((s) => s.topic.includes(REPLACEMENT));
    case 'unsubscribe':
      return p.unsubscriptions.some((t) => t.includes(REPLACEMENT));
    default:
      return false;
  }
}

/** Packets processed even while the connection is held: they only complete deliveries to this client. */
const BYPASS_HOLD = new Set<Packet['cmd']>(['puback', 'pubrec', 'pubcomp', 'pingreq']);

let connectionSeq = 0;
/** Bytes of packets received while CONNECT is being processed beyond which reading pauses until CONNACK. */
const CONNECTING_BACKLOG_BYTES = 256 * 1024;

export class Connection implements SessionLink, Throttle, RegisteredClient, BudgetHolder {
  /** Arrival order (input-budget.ts closes the newest of equal holders). */
  readonly seq = ++connectionSeq;
  private backlogBytes = 0;
  state: ConnectionState = 'awaiting-connect';
  clientId = '';
  username: string | undefined;
  protocolVersion = 4;
  session: Session | null = null;
  /** The will stored at CONNECT [MQTT-3.1.2-8]; null after DISCONNECT or when published. */
  will: StoredMessage | null = null;
  keepaliveMs = 0;
  private lastActivity: number;
  private readonly framer: Framer;
  private readonly parser = mqttPacket.parser();
  private parsed: Packet | null = null;
  private parseError: Error | null = null;
  /** Packets that arrived while CONNECT was being processed [MQTT-3.1.4-5]. */
  private backlog: Packet[] = [];
  private timer: { cancel(): void } | null = null;
  private corked = false;
  private ackTail: Promise<void> = Promise.resolve();
  private acksPending = 0;
  private qos0Dropping = false;
  /** Sessions that hold this connection (flow control: broker/session/flow-control.ts). */
  private readonly heldBy = new Set<Session>();
  /** Packets received while held (or behind such packets), processed in order on release. */
  private readonly pending = new HeldInput();
  private readPaused = false;
  private releaseScheduled = false;

  constructor(
    readonly broker: BrokerCore,
    readonly stream: Duplex,
    readonly meta: ConnectionMeta,
  ) {
    this.framer = new Framer(broker.limits.maxPacketSize);
    this.lastActivity = broker.clock.now();
    this.parser.on('packet', (p: Packet) => (this.parsed = p));
    this.parser.on('error', (e: Error) => (this.parseError = e));
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('error', (err: Error) =>
      this.close({ reason: 'stream-error', publishWill: true, level: 'warn', fields: { error: err.message } }),
    );
    stream.on('end', () => {
      // what the client sent before closing is handled first, even while held (a DISCONNECT among it
      // then closes without the will [MQTT-3.14.4-3]); the queue bound still limits what that costs
      this.processPending(true);
      this.close({ reason: 'peer-closed', publishWill: true });
    });
    stream.on('close', () => this.close({ reason: 'connection-lost', publishWill: true }));
    // a socket that never sends CONNECT is closed after connectTimeoutMs
    this.timer = broker.clock.setTimeout(() => {
      if (this.state === 'awaiting-connect') {
        this.close({ reason: 'connect-timeout', publishWill: false, level: 'warn', fields: { ms: broker.limits.connectTimeoutMs } });
      }
    }, broker.limits.connectTimeoutMs);
  }

  /** Re-reads the state (TypeScript would keep a narrowed value across calls that may close). */
  isClosed(): boolean {
    return this.state === 'closed';
  }

  get open(): boolean {
    return this.state !== 'closed';
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    try {
      this.framer.push(chunk, (frame) => this.onFrame(frame));
    } catch (err) {
      this.fail(err);
    }
    if (!this.isClosed()) this.broker.inputBudget.set(this, this.framer.bufferedBytes);
  }

  /** The partial packets of all connections exceed the budget and this one holds the largest. */
  evict(totalBytes: number, limit: number): void {
    this.broker.counters.inputBudgetEvictions++;
    this.close({ reason: 'input-budget-exceeded', publishWill: true, level: 'warn', fields: { bufferedBytes: this.framer.bufferedBytes, totalBytes, limit } });
  }

  private onFrame(frame: Buffer): boolean {
    if (this.state === 'awaiting-connect') {
      // The first packet from the client MUST be CONNECT [MQTT-3.1.0-1]
      if (frame[0]! >> 4 !== 1) throw new ProtocolViolationError('first packet is not CONNECT', 'MQTT-3.1.0-1');
      const { name, level } = readProtocolHeader(frame);
      if ((name === 'MQTT' && level !== 4) || (name === 'MQIsdp' && level !== 3)) {
        // Unsupported protocol level: CONNACK 0x01 then close [MQTT-3.1.2-2]
        this.refuse('unacceptable-protocol-version', { protocolName: name, level });
        return false;
      }
    }
    const fixed = fixedRemainingLength(frame[0]!);
    if (fixed >= 0 && remainingLength(frame) !== fixed) {
      throw new MalformedPacketError(`Remaining Length ${remainingLength(frame)} where ${fixed} is required`, 'MQTT-4.8.0-1');
    }
    this.parsed = null;
    this.parseError = null;
    this.parser.parse(frame);
    // mqtt-packet checks the fixed-header flag bits of every packet type [MQTT-2.2.2-1] [MQTT-2.2.2-2]
    if (this.parseError !== null) throw new MalformedPacketError((this.parseError as Error).message);
    const packet = this.parsed as Packet | null;
    if (packet === null) throw new MalformedPacketError('incomplete packet');
    if (mayHoldIllFormedUtf8(packet) && hasIllFormedUtf8(frame)) {
      throw new MalformedPacketError('ill-formed UTF-8 string', 'MQTT-1.5.3-1');
    }
    this.lastActivity = this.broker.clock.now();
    if (this.state === 'connecting') {
      this.backlog.push(packet);
      this.backlogBytes += frame.length;
      if (this.backlogBytes > CONNECTING_BACKLOG_BYTES && !this.readPaused) {
        this.readPaused = true; // resumed after CONNACK (accepted)
        this.stream.pause();
      }
    }
    else if ((this.heldBy.size > 0 || !this.pending.isEmpty) && !BYPASS_HOLD.has(packet.cmd)) {
      if (this.pending.push(packet, frame.length) && !this.readPaused) {
        this.readPaused = true; // TCP pushes back on the publisher from here
        this.stream.pause();
      }
    } else this.broker.dispatch(this, packet);
    return this.state !== 'closed';
  }

  // ---- flow control (Throttle) ----
  hold(session: Session): void {
    this.heldBy.add(session);
  }

  release(session: Session): void {
    if (!this.heldBy.delete(session) || this.heldBy.size > 0 || this.releaseScheduled) return;
    // processed after the current handler returns, never nested inside another connection's packet
    this.releaseScheduled = true;
    queueMicrotask(() => {
      this.releaseScheduled = false;
      this.processPending();
    });
  }

  private processPending(force = false): void {
    while ((force || this.heldBy.size === 0) && !this.pending.isEmpty && this.state !== 'closed') {
      const p = this.pending.shift()!;
      try {
        this.broker.dispatch(this, p);
      } catch (err) {
        this.fail(err);
      }
    }
    if (this.heldBy.size === 0 && this.readPaused && this.state !== 'closed') {
      this.readPaused = false;
      this.lastActivity = this.broker.clock.now(); // the time we did not read does not count against keepalive
      this.stream.resume();
    }
  }

  /** Any error while handling input: log once, close this connection only [MQTT-4.8.0-1]. */
  fail(err: unknown): void {
    if (err instanceof PacketTooLargeError) {
      this.close({ reason: 'packet-too-large', publishWill: true, level: 'warn', fields: { size: err.size, limit: err.limit } });
    } else if (err instanceof ProtocolViolationError) {
      this.close({ reason: 'protocol-violation', publishWill: true, level: 'warn', fields: { error: err.message, specId: err.specId } });
    } else {
      const message = err instanceof Error ? err.message : String(err);
      this.close({ reason: 'internal-error', publishWill: true, level: 'error', fields: { error: message } });
    }
  }

  /** Refuse the CONNECT: CONNACK with a non-zero code (Session Present 0), then close [MQTT-3.2.2-4]. */
  refuse(refusal: ConnectRefusal, fields?: Record<string, unknown>): void {
    this.sendBytes(encodeConnack(connackCode(this.protocolVersion, refusal), false));
    this.close({ reason: `connect-refused:${refusal}`, publishWill: false, level: 'info', fields });
  }

  /** CONNECT accepted: send CONNACK, then whatever arrived meanwhile. */
  accepted(session: Session, sessionPresent: boolean, afterConnack: () => void): void {
    this.sendBytes(encodeConnack(0, sessionPresent)); // [MQTT-3.2.0-1] [MQTT-3.1.4-4]
    this.state = 'connected';
    this.session = session;
    session.link = this;
    this.armKeepalive(this.keepaliveMs * 1.5);
    afterConnack();
    const backlog = this.backlog;
    this.backlog = [];
    this.backlogBytes = 0;
    for (const p of backlog) {
      if (this.isClosed()) return;
      try {
        this.broker.dispatch(this, p);
      } catch (err) {
        this.fail(err);
      }
    }
    if (this.readPaused && !this.isClosed()) this.processPending(); // resumes reading unless held
  }

  // ---- keepalive [MQTT-3.1.2-24] ----
  private armKeepalive(delayMs: number): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.keepaliveMs === 0) return; // keepalive 0 = off
    this.timer = this.broker.clock.setTimeout(() => this.checkKeepalive(), delayMs);
  }

  private checkKeepalive(): void {
    if (this.state === 'closed') return;
    const limit = this.keepaliveMs * 1.5;
    const idle = this.broker.clock.now() - this.lastActivity;
    if (idle >= limit && !this.readPaused) {
      // no control packet within 1.5 x keepalive: as a network failure, the will is published [MQTT-3.1.2-24]
      this.close({ reason: 'keepalive-timeout', publishWill: true, level: 'info', fields: { keepaliveMs: this.keepaliveMs, idleMs: idle } });
    } else {
      this.armKeepalive(this.readPaused ? limit : limit - idle);
    }
  }

  // ---- writing ----
  sendBytes(bytes: Buffer): void {
    if (this.stream.destroyed || this.stream.writableEnded) return;
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(() => this.uncork());
    }
    this.stream.write(bytes);
  }

  /**
   * QoS 0 to a client that does not read: beyond QOS0_BACKLOG_BYTES unsent, QoS 0 messages are
   * dropped (at most once delivery allows it) instead of growing memory without bound; logged once
   * per episode.
   */
  sendQos0(bytes: Buffer): boolean {
    if (this.stream.writableLength > QOS0_BACKLOG_BYTES) {
      if (!this.qos0Dropping) {
        this.qos0Dropping = true;
        this.broker.logger.log('warn', 'qos0-dropped', { clientId: this.clientId, backlogBytes: this.stream.writableLength });
      }
      return false;
    }
    this.qos0Dropping = false;
    this.sendBytes(bytes);
    return true;
  }

  private uncork(): void {
    this.corked = false;
    this.stream.uncork();
  }

  sendEntry(entry: OutboundEntry, dup: boolean): void {
    if (entry.state === 'released') {
      this.sendBytes(encodeAck(PUBREL, entry.packetId!));
      return;
    }
    const template = (entry as TemplatedEntry).template;
    const m = entry.message;
    const bytes = template
      ? template.withPacketId(entry.packetId!, dup)
      : encodePublish(m.topic, m.payload, m.qos, m.retain, entry.packetId!, dup);
    this.sendBytes(bytes);
  }

  /**
   * Send an acknowledgement once `writes` are durable ("durable before acknowledged"), keeping
   * acknowledgements in the order their packets arrived.
   */
  ackAfter(writes: Promise<void>[], send: () => void): void {
    if (writes.length === 0 && this.acksPending === 0) {
      send();
      return;
    }
    this.acksPending++;
    let wait: Promise<unknown> | null = writes.length === 0 ? null : writes.length === 1 ? writes[0]! : Promise.all(writes);
    const observe = this.broker.onCommitLatency;
    if (wait !== null && observe !== null) {
      const started = performance.now(); // a measurement, not a broker decision: the monotonic clock
      wait = wait.then(() => observe((performance.now() - started) / 1000));
    }
    this.ackTail = this.ackTail
      .then(() => wait)
      .then(
        () => {
          this.acksPending--;
          if (this.state === 'closed') return;
          try {
            send();
          } catch (err) {
            this.fail(err); // never an unhandled rejection: close this connection only
          }
        },
        (err: unknown) => {
          this.acksPending--;
          this.close({
            reason: 'persistence-error', // a transient error closes the connection [MQTT-4.8.0-2]
            publishWill: true,
            level: 'error',
            fields: { error: err instanceof Error ? err.message : String(err) },
          });
        },
      );
  }

  /** Close once: cancel timers, let the broker settle session and will, end the stream. */
  close(why: CloseReason): void {
    if (this.state === 'closed') return;
    const wasConnected = this.state === 'connected' || this.state === 'connecting';
    this.state = 'closed';
    this.timer?.cancel();
    this.timer = null;
    this.backlog = [];
    this.broker.inputBudget.set(this, 0);
    for (const s of this.heldBy) s.holders.delete(this);
    this.heldBy.clear();
    this.pending.clear();
    this.broker.logger.log(why.level ?? 'info', 'connection-closed', {
      reason: why.reason,
      clientId: this.clientId || undefined,
      transport: this.meta.transport,
      remoteAddress: this.meta.remoteAddress,
      ...why.fields,
    });
    try {
      this.broker.connectionClosed(this, wasConnected && why.publishWill);
    } catch (err) {
      // called from stream events: an exception here must not escape into the process
      this.broker.logger.log('error', 'close-cleanup-failed', { clientId: this.clientId, error: err instanceof Error ? err.message : String(err) });
    }
    if (this.corked) this.uncork();
    if (!this.stream.destroyed) {
      // end() lets queued bytes (a refusing CONNACK, earlier acks) reach the peer, then destroy
      const stream = this.stream;
      const safety = this.broker.clock.setTimeout(() => stream.destroy(), 2000);
      stream.once('close', () => safety.cancel());
      stream.once('finish', () => stream.destroy());
      stream.end();
    }
  }

  closeForTakeover(): void {
    this.close({ reason: 'session-taken-over', publishWill: true, level: 'info' });
  }

  /** Send an acknowledgement by type byte (PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK). */
  sendAck(typeByte: number, packetId: number): void {
    this.sendBytes(encodeAck(typeByte, packetId));
  }
}
