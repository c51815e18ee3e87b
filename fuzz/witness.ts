// The witnesses: a publisher and a subscriber on their own connections exchanging sequence-numbered
// QoS 1 messages while the fuzzer runs. Every event lands in a WitnessHistory (Jepsen style: sent,
// acknowledged, received); `checkWitness` judges the history alone.
import type { Packet } from 'mqtt-packet';
import { MqttClient, WitnessConnectError } from './mqtt-client.ts';
import type { Endpoint } from './send.ts';

export interface WitnessRecord {
  seq: number;
  sentAt: number;
  ackedAt?: number;
  /** First arrival at the subscriber. */
  receivedAt?: number;
  receivedCount: number;
}

export interface WitnessHistory {
  records: WitnessRecord[];
  /** Witness connections the broker closed during the run. */
  disconnects: { who: 'publisher' | 'subscriber'; at: number; reason: string }[];
  /** Arrivals in an order other than their sequence (information: [MQTT-4.6.0-6] asks for order). */
  outOfOrder: number;
}

export interface WitnessOptions {
  /** Messages per second (the publisher never has more than `window` unacknowledged). */
  rate: number;
  window: number;
  nonce: string;
  now: () => number;
  connectDeadlineMs: number;
}

export class Witness {
  readonly history: WitnessHistory = { records: [], disconnects: [], outOfOrder: 0 };
  private readonly byPacketId = new Map<number, WitnessRecord>();
  private nextPacketId = 1;
  private lastReceivedSeq = -1;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly topic: string;
  private readonly prefix: string;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly publisher: MqttClient, private readonly subscriber: MqttClient, private readonly options: WitnessOptions) {
    this.topic = `witness/${options.nonce}`;
    this.prefix = `w:${options.nonce}:`;
  }

  static async start(endpoint: Endpoint, options: WitnessOptions): Promise<Witness> {
    const subscriber = await MqttClient.connect(endpoint, `witness-sub-${options.nonce}`, options.connectDeadlineMs);
    const publisher = await MqttClient.connect(endpoint, `witness-pub-${options.nonce}`, options.connectDeadlineMs).catch((e: unknown) => { subscriber.close(); throw e; });
    const witness = new Witness(publisher, subscriber, options);
    await witness.subscribe();
    witness.run();
    return witness;
  }

  private subscribe(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new WitnessConnectError(this.subscriber.clientId, `no SUBACK within ${this.options.connectDeadlineMs} ms`)), this.options.connectDeadlineMs);
      this.subscriber.onPacket = (p) => {
        if (p.cmd !== 'suback') return;
        clearTimeout(timer);
        if (p.granted[0] !== 1) reject(new WitnessConnectError(this.subscriber.clientId, `granted ${JSON.stringify(p.granted)} for its QoS 1 subscription, expected [1]`));
        else resolve();
        this.subscriber.onPacket = (q) => this.onDelivery(q);
      };
      this.subscriber.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: this.topic, qos: 1 }] });
    });
  }

  private run(): void {
    this.publisher.onPacket = (p) => this.onPuback(p);
    this.publisher.onClose = (reason) => this.history.disconnects.push({ who: 'publisher', at: this.options.now(), reason });
    this.subscriber.onClose = (reason) => this.history.disconnects.push({ who: 'subscriber', at: this.options.now(), reason });
    const startedAt = this.options.now();
    // every 5 ms, send what the rate allows by now (never more than `window` unacknowledged)
    this.timer = setInterval(() => {
      const due = Math.floor(((this.options.now() - startedAt) * this.options.rate) / 1000) + 1;
      while (!this.stopped && this.history.records.length < due && this.byPacketId.size < this.options.window) this.send();
    }, 5);
  }

  private send(): void {
    const seq = this.history.records.length;
    const record: WitnessRecord = { seq, sentAt: this.options.now(), receivedCount: 0 };
    const packetId = this.nextPacketId;
    this.nextPacketId = (this.nextPacketId % 65535) + 1;
    this.history.records.push(record);
    this.byPacketId.set(packetId, record);
    this.publisher.send({ cmd: 'publish', topic: this.topic, payload: Buffer.from(`${this.prefix}${seq}`), qos: 1, retain: false, dup: false, messageId: packetId });
  }

  private onPuback(p: Packet): void {
    if (p.cmd !== 'puback' || p.messageId === undefined) return;
    const record = this.byPacketId.get(p.messageId);
    if (record === undefined) return;
    this.byPacketId.delete(p.messageId);
    record.ackedAt = this.options.now();
    this.notify();
  }

  private onDelivery(p: Packet): void {
    if (p.cmd !== 'publish') return;
    if (p.qos === 1 && p.messageId !== undefined) this.subscriber.send({ cmd: 'puback', messageId: p.messageId });
    const text = Buffer.from(p.payload).toString();
    if (!text.startsWith(this.prefix)) return;
    const seq = Number(text.slice(this.prefix.length));
    const record = this.history.records[seq];
    if (record === undefined) return;
    if (record.receivedCount === 0) {
      record.receivedAt = this.options.now();
      if (seq < this.lastReceivedSeq) this.history.outOfOrder++;
      this.lastReceivedSeq = Math.max(this.lastReceivedSeq, seq);
    }
    record.receivedCount++;
    this.notify();
  }

  private notify(): void {
    for (const w of this.waiters) w();
  }

  private settled(): boolean {
    return this.history.records.every((r) => r.ackedAt !== undefined && r.receivedCount > 0);
  }

  /** Stop publishing; wait until every message is acknowledged and received, or the deadline passes. */
  async drain(deadlineMs: number): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    if (this.settled()) return;
    await new Promise<void>((resolve) => {
      const done = (): void => { clearTimeout(timer); this.waiters.delete(check); resolve(); };
      const check = (): void => { if (this.settled()) done(); };
      const timer = setTimeout(done, deadlineMs);
      this.waiters.add(check);
    });
  }

  close(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.publisher.close();
    this.subscriber.close();
  }
}
