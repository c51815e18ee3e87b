// An MQTT.js (the `mqtt` package) client as a real application would use it, wrapped so that steps
// can wait for its messages with a deadline. Messages are collected from the moment the client is
// created, so a session's queued messages that arrive right after CONNACK are not missed.
import mqtt from 'mqtt';
import { Inbox } from '../../harness/probe/inbox.ts';
import { mqttJsOptions } from '../../harness/probe/mqttjs-options.ts';
import type { IConnackPacket, IPublishPacket, MqttClient } from 'mqtt';

export class InteropError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InteropError';
  }
}

export interface InteropConnectOptions {
  url: string;
  clientId: string;
  clean: boolean;
  protocolVersion: 4 | 5;
  username?: string;
  password?: string;
  caFile?: string;
  deadlineMs: number;
}


export class InteropClient {
  private readonly inbox = new Inbox<IPublishPacket>();

  private constructor(
    readonly name: string,
    readonly mqttClient: MqttClient,
    readonly connack: IConnackPacket,
  ) {}

  /** Connects and resolves with the client once CONNACK accepted it; rejects with what happened otherwise. */
  static async connect(name: string, options: InteropConnectOptions): Promise<InteropClient> {
    const clientOptions = mqttJsOptions(options);
    const client = mqtt.connect(options.url, clientOptions);
    const early: IPublishPacket[] = [];
    const collect = (_topic: string, _payload: Buffer, packet: IPublishPacket): void => {
      early.push(packet);
    };
    client.on('message', collect);
    // Only our own listeners are removed afterwards: MQTT.js keeps its own on 'close' (its CONNACK
    // timer is cleared there).
    let onError: ((error: Error) => void) | undefined;
    let onClose: (() => void) | undefined;
    const connack = await new Promise<IConnackPacket>((resolve, reject) => {
      const timer = setTimeout(() => fail(`no CONNACK within ${options.deadlineMs} ms`), options.deadlineMs);
      const fail = (why: string): void => {
        clearTimeout(timer);
        client.end(true);
        reject(new InteropError(`MQTT.js client ${name} could not connect to ${options.url}: ${why}`));
      };
      onError = (error: Error): void => fail(error.message);
      onClose = (): void => fail('the connection was closed');
      client.once('connect', (packet) => {
        clearTimeout(timer);
        resolve(packet);
      });
      client.once('error', onError);
      client.once('close', onClose);
    });
    if (onError !== undefined) client.off('error', onError);
    if (onClose !== undefined) client.off('close', onClose);
    client.on('error', () => undefined);
    const wrapped = new InteropClient(name, client, connack);
    client.off('message', collect);
    client.on('message', (_topic, _payload, packet) => wrapped.onMessage(packet));
    for (const packet of early) wrapped.onMessage(packet);
    return wrapped;
  }

  /** The first message (not yet taken) that matches; fails after timeoutMs. */
  async expectMessage(match: (p: IPublishPacket) => boolean, timeoutMs: number, expected: string): Promise<IPublishPacket> {
    return this.inbox.take(match, timeoutMs, () => {
      const seen = this.inbox.pending.map((p) => `${p.topic} "${Buffer.from(p.payload).toString()}" qos=${p.qos}`).join('; ') || 'nothing';
      return new InteropError(`expected MQTT.js client ${this.name} to receive ${expected} within ${timeoutMs} ms; it received ${seen}`);
    });
  }

  /** DISCONNECT and close; forced after deadlineMs (e.g. when the broker already closed the connection). */
  async close(deadlineMs = 1000): Promise<void> {
    const client = this.mqttClient;
    if (!client.connected || client.disconnecting) {
      client.end(true);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([client.endAsync().catch(() => undefined), deadline]);
    clearTimeout(timer);
    if (!client.disconnected) client.end(true);
  }

  /** Ends without DISCONNECT. */
  destroy(): void {
    this.mqttClient.end(true);
  }

  private onMessage(packet: IPublishPacket): void {
    this.inbox.push(packet);
  }
}
