// One MQTT connection under the harness's full control: send any packet or raw bytes, wait for a
// packet with a deadline, assert silence for a window, wait for the broker to close. Every packet
// both ways lands in the shared Trace that failure reports attach.
import type { Duplex } from 'node:stream';
import mqtt from 'mqtt-packet';
import type { Packet, IPublishPacket } from 'mqtt-packet';
import { openTransport } from './transport.ts';
import { ExpectationError } from './errors.ts';
import { Trace, describePacket } from './trace.ts';
import { Inbox } from './inbox.ts';

export interface ProbeOptions {
  /** Label in the trace (the scenario's name for this client). */
  name: string;
  url: string;
  /** 3 (3.1), 4 (3.1.1), 5 */
  protocolVersion: number;
  caFile?: string;
  trace: Trace;
  connectTimeoutMs: number;
  /** Answer QoS 1/2 deliveries (PUBACK, PUBREC, PUBCOMP) automatically. */
  autoAck: boolean;
}

/** How a "nothing arrives" window is judged (see expectNone). */
export interface SilenceOptions {
  /**
   * The broker may close the connection (e.g. a check made after a protocol violation, or before
   * CONNECT): the window alone is judged, with no round trip. Default false: the connection must stay
   * open through the window, and a PINGREQ/PINGRESP round trip ends it.
   */
  mayBeClosed?: boolean;
  /** Deadline for the PINGRESP that ends the window (default 2000 ms). */
  barrierMs?: number;
}

export class ProbeConnection {
  /** Packets received and not yet taken by an expectation, oldest first. */
  private readonly inbox = new Inbox<Packet>();
  /** Every packet received, in order (never consumed). */
  readonly received: Packet[] = [];
  private readonly closeWaiters = new Set<() => void>();
  private closedFlag = false;
  /** When the connection closed (Date.now()), once it has. */
  closedAt: number | undefined;
  private closeReason = '';
  /** The broker answered CONNECT with return code 0 on this connection (PINGREQ is then legal). */
  private acceptedFlag = false;
  autoAck: boolean;

  private constructor(
    private readonly stream: Duplex,
    readonly options: ProbeOptions,
  ) {
    this.autoAck = options.autoAck;
    const parser = mqtt.parser({ protocolVersion: options.protocolVersion });
    parser.on('packet', (packet: Packet) => this.onPacket(packet));
    parser.on('error', (err: Error) => {
      options.trace.add(options.name, '!!', `unparseable bytes from broker: ${err.message}`);
    });
    stream.on('data', (chunk: Buffer) => parser.parse(chunk));
    stream.on('error', (err: Error) => {
      this.closeReason ||= err.message;
    });
    stream.on('close', () => this.onClose());
  }

  static async open(options: ProbeOptions): Promise<ProbeConnection> {
    const stream = await openTransport(options.url, { caFile: options.caFile, timeoutMs: options.connectTimeoutMs });
    return new ProbeConnection(stream, options);
  }

  get name(): string {
    return this.options.name;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Whether the broker accepted a CONNECT on this connection (CONNACK return code 0). */
  get accepted(): boolean {
    return this.acceptedFlag;
  }

  send(packet: Packet): void {
    const bytes = mqtt.generate(packet, { protocolVersion: this.options.protocolVersion });
    this.options.trace.add(this.name, '->', describePacket(packet));
    this.write(bytes);
  }

  sendRaw(bytes: Buffer, note = 'raw bytes'): void {
    this.options.trace.add(this.name, '->', `${note}: ${bytes.toString('hex')}`);
    this.write(bytes);
  }

  /** Close the socket without DISCONNECT: the broker sees a network failure. */
  drop(): void {
    this.options.trace.add(this.name, '!!', 'network connection dropped by the client');
    this.stream.destroy();
  }

  /** Send DISCONNECT (unless closed) and close the socket. */
  async disconnect(): Promise<void> {
    if (!this.closedFlag) {
      this.send({ cmd: 'disconnect' } as Packet);
      this.stream.end();
      await this.waitClosed(1000).catch(() => this.stream.destroy());
    }
  }

  /**
   * The first received packet (oldest first, not yet taken) that matches, removed from the inbox.
   * Fails after timeoutMs with what arrived instead.
   */
  async expect(match: (p: Packet) => boolean, timeoutMs: number, expected: string): Promise<Packet> {
    return this.inbox.take(match, timeoutMs, () => new ExpectationError(`${this.name} to receive ${expected} within ${timeoutMs} ms`, this.describeInbox()));
  }

  /**
   * "Nothing matching arrives": fails on a matching packet already waiting or arriving within the window.
   * Unless `mayBeClosed`, silence counts only on a live connection: it fails if the connection is closed
   * before, during or at the end of the window, and on an accepted connection the window ends with a
   * round trip (PINGREQ, then PINGRESP within `barrierMs`) so that whatever the broker had sent before
   * answering has arrived; a matching packet that came before the PINGRESP fails it too. A window
   * watching for PINGRESP itself ends without the round trip.
   */
  async expectNone(match: (p: Packet) => boolean, windowMs: number, unexpected: string, options: SilenceOptions = {}): Promise<void> {
    const expected = `${this.name} to receive no ${unexpected} for ${windowMs} ms`;
    const arrival = (p: Packet): ExpectationError => new ExpectationError(expected, `it received ${describePacket(p)}`);
    if (options.mayBeClosed === true) {
      await this.inbox.none(match, windowMs, arrival);
      return;
    }
    this.assertLive(expected, 'before the window began');
    const closed = this.closedDuring(expected, 'during the window');
    try {
      await Promise.race([this.inbox.none(match, windowMs, arrival), closed.promise]);
    } finally {
      closed.cancel();
    }
    this.assertLive(expected, 'at the end of the window');
    if (!this.acceptedFlag || match({ cmd: 'pingresp' } as Packet)) return;
    await this.roundTrip(expected, options.barrierMs ?? 2000);
    const late = this.inbox.pending.find(match);
    if (late !== undefined) throw new ExpectationError(expected, `it received ${describePacket(late)} before the PINGRESP that ended the window`);
  }

  /** PINGREQ → PINGRESP on this connection: everything the broker sent before answering has arrived. */
  private async roundTrip(expected: string, timeoutMs: number): Promise<void> {
    this.options.trace.add(this.name, '!!', 'silence barrier: PINGREQ, waiting for PINGRESP');
    this.send({ cmd: 'pingreq' } as Packet);
    const closed = this.closedDuring(expected, 'before answering the PINGREQ that ends the window');
    try {
      await Promise.race([
        this.inbox.take((p) => p.cmd === 'pingresp', timeoutMs, () => new ExpectationError(expected, `no PINGRESP within ${timeoutMs} ms to the PINGREQ that ends the window: the broker never showed it had caught up`)),
        closed.promise,
      ]);
    } finally {
      closed.cancel();
    }
  }

  private assertLive(expected: string, when: string): void {
    if (this.closedFlag) throw new ExpectationError(expected, `the connection was closed ${when}${this.closeReason ? ` (${this.closeReason})` : ''}: silence on a closed connection proves nothing`);
  }

  /** A promise rejected when the connection closes (until cancelled). */
  private closedDuring(expected: string, when: string): { promise: Promise<never>; cancel: () => void } {
    let done: () => void = () => undefined;
    const promise = new Promise<never>((_, reject) => {
      done = () => reject(new ExpectationError(expected, `the broker closed the connection ${when}${this.closeReason ? ` (${this.closeReason})` : ''}: silence on a closed connection proves nothing`));
      this.closeWaiters.add(done);
    });
    promise.catch(() => undefined);
    return { promise, cancel: () => this.closeWaiters.delete(done) };
  }

  /** Resolves when the broker has closed the connection; fails after timeoutMs. */
  async waitClosed(timeoutMs: number): Promise<void> {
    if (this.closedFlag) return;
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.closeWaiters.delete(done);
        reject(new ExpectationError(`the broker to close ${this.name}'s connection within ${timeoutMs} ms`, `it stayed open; ${this.describeInbox()}`));
      }, timeoutMs);
      this.closeWaiters.add(done);
    });
  }

  /** Fails if the broker closes the connection within the window. */
  async expectOpenFor(windowMs: number): Promise<void> {
    try {
      await this.waitClosed(windowMs);
    } catch {
      return;
    }
    throw new ExpectationError(`${this.name}'s connection to stay open for ${windowMs} ms`, `the broker closed it${this.closeReason ? ` (${this.closeReason})` : ''}`);
  }

  /** The oldest packet received and not yet taken that matches, if any (left in the inbox). */
  waiting(match: (p: Packet) => boolean): Packet | undefined {
    return this.inbox.pending.find(match);
  }

  /** Packets waiting in the inbox, for messages. */
  describeInbox(): string {
    if (this.inbox.pending.length === 0) return this.closedFlag ? 'nothing (the connection was closed)' : 'nothing';
    return this.inbox.pending.map(describePacket).join('; ');
  }

  private write(bytes: Buffer): void {
    if (this.closedFlag || this.stream.destroyed) {
      this.options.trace.add(this.name, '!!', 'write skipped: connection already closed');
      return;
    }
    this.stream.write(bytes);
  }

  private onPacket(packet: Packet): void {
    this.options.trace.add(this.name, '<-', describePacket(packet));
    this.received.push(packet);
    if (packet.cmd === 'connack' && ((packet as { returnCode?: number; reasonCode?: number }).returnCode ?? (packet as { reasonCode?: number }).reasonCode) === 0) this.acceptedFlag = true;
    if (this.autoAck) this.acknowledge(packet);
    this.inbox.push(packet);
  }

  /** The client side of the QoS flows (MQTT 3.1.1 section 4.3). */
  acknowledge(packet: Packet): void {
    if (packet.cmd === 'publish') {
      const publish = packet as IPublishPacket;
      if (publish.qos === 1) this.send({ cmd: 'puback', messageId: publish.messageId } as Packet);
      if (publish.qos === 2) this.send({ cmd: 'pubrec', messageId: publish.messageId } as Packet);
    } else if (packet.cmd === 'pubrel') {
      this.send({ cmd: 'pubcomp', messageId: (packet as { messageId: number }).messageId } as Packet);
    }
  }

  private onClose(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.closedAt = Date.now();
    this.options.trace.add(this.name, '!!', `connection closed${this.closeReason ? ` (${this.closeReason})` : ''}`);
    for (const done of this.closeWaiters) done();
    this.closeWaiters.clear();
  }
}
