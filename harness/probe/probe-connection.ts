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

export class ProbeConnection {
  /** Packets received and not yet taken by an expectation, oldest first. */
  private readonly inbox = new Inbox<Packet>();
  /** Every packet received, in order (never consumed). */
  readonly received: Packet[] = [];
  private readonly closeWaiters = new Set<() => void>();
  private closedFlag = false;
  private closeReason = '';
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

  /** Fails as soon as a matching packet arrives within the window; resolves after it. Also fails on one already waiting. */
  async expectNone(match: (p: Packet) => boolean, windowMs: number, unexpected: string): Promise<void> {
    await this.inbox.none(match, windowMs, (p) => new ExpectationError(`${this.name} to receive no ${unexpected} for ${windowMs} ms`, `it received ${describePacket(p)}`));
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
    this.options.trace.add(this.name, '!!', `connection closed${this.closeReason ? ` (${this.closeReason})` : ''}`);
    for (const done of this.closeWaiters) done();
    this.closeWaiters.clear();
  }
}
