// The state of one scenario: the target, its probe connections, what they received, and what the
// scenario created on the broker (cleaned up afterwards). Client ids and topics are derived from
// the run id and a per-scenario id, so scenarios never see each other's traffic, in parallel or
// on a shared broker.
import { randomBytes } from 'node:crypto';
import { World, type IWorldOptions } from '@cucumber/cucumber';
import type { Packet, IConnackPacket, IConnectPacket, IPublishPacket, ISubackPacket } from "mqtt-packet";
import { ProbeConnection, Trace } from '../../harness/probe/index.ts';
import { decodeTarget, TARGET_ENV, type TargetSpec, type Transport } from '../../harness/target/target-spec.ts';
import { DEADLINE_MS, SILENCE_MS } from './timing.ts';

export interface ConnectOptions {
  /** Literal client id; undefined → derived from the client's name; '' → zero-length. */
  clientId?: string;
  clean?: boolean;
  keepalive?: number;
  username?: string;
  password?: Buffer;
  will?: { topic: string; payload: Buffer; qos: 0 | 1 | 2; retain: boolean };
  protocolId?: string;
  protocolVersion?: number;
  transport?: Transport;
  /** Send no credentials at all, even when the run was given --username. */
  anonymous?: boolean;
}

export class ConformanceWorld extends World {
  readonly target: TargetSpec = decodeTarget(process.env[TARGET_ENV]);
  readonly trace = new Trace();
  /** 4 = MQTT 3.1.1, 5 = MQTT 5.0; set from the scenario's version tag. */
  protocolVersion = 4;
  /** Random per scenario; with the run id it makes client ids and topics unique. */
  readonly scenarioId = randomBytes(4).readUInt32BE(0).toString(36).padStart(7, '0').slice(0, 5);
  private readonly current = new Map<string, ProbeConnection>();
  /** Every connection opened, for cleanup (a reconnect replaces the current one). */
  readonly opened: ProbeConnection[] = [];
  readonly lastConnack = new Map<string, Packet>();
  readonly lastSuback = new Map<string, ISubackPacket>();
  /** The last PUBLISH a step took from a client's inbox ("that message"). */
  lastMessage: IPublishPacket | undefined;
  /** The client that received lastMessage. */
  lastMessageClient: string | undefined;
  /** The messages a step took as a batch, in arrival order ("those messages"). */
  lastBatch: IPublishPacket[] | undefined;
  /** Client ids that were used with cleanSession=0 (their sessions are removed afterwards). */
  readonly persistentIds = new Set<string>();
  /** Topics this scenario retained a message on (cleared afterwards). */
  readonly retainedTopics = new Set<string>();
  /** Each client's subscriptions as the broker acknowledged them (kept across persistent reconnects). */
  readonly subscriptions = new Map<string, { filter: string; granted: number }[]>();
  /** The client (and QoS) that last published to each full topic through the publish helper. */
  readonly lastPublisher = new Map<string, { name: string; qos: 0 | 1 | 2 }>();
  /** Whether each client's current connection asked for a persistent session under its own id. */
  private readonly persistentSession = new Map<string, boolean>();
  /** The CONNACK the last CONNACK step judged ("that CONNACK"). */
  lastJudgedConnack: IConnackPacket | undefined;
  private nextPacketId = 1;

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** A deadline scaled for the target. */
  ms(base: number = DEADLINE_MS): number {
    return Math.round(base * this.target.timeScale);
  }

  silence(base: number = SILENCE_MS): number {
    return this.ms(base);
  }

  /** This scenario's own namespace, so that topics never collide across scenarios or runs. */
  get prefix(): string {
    return `mqttc/${this.target.runId}/${this.scenarioId}`;
  }

  /** A topic or filter written in a scenario, placed under the scenario's prefix. */
  topic(text: string): string {
    return `${this.prefix}/${text}`;
  }

  /** A client id of at most 23 characters (the length every 3.1.1 server must accept [MQTT-3.1.3-5]). */
  clientId(name: string): string {
    return `${this.target.runId}${this.scenarioId}${name.replace(/[^0-9a-zA-Z]/g, '')}`.slice(0, 23);
  }

  packetId(): number {
    const id = this.nextPacketId;
    this.nextPacketId = (this.nextPacketId % 65535) + 1;
    return id;
  }

  client(name: string): ProbeConnection {
    const connection = this.current.get(name);
    if (connection === undefined) throw new Error(`no client "${name}" in this scenario: connect it first`);
    return connection;
  }

  hasClient(name: string): boolean {
    return this.current.has(name);
  }

  urlFor(transport: Transport = 'mqtt'): string {
    const url = this.target.transports[transport] ?? (transport === 'mqtt' ? this.target.urls[0] : undefined);
    if (url === undefined) throw new Error(`the target offers no ${transport}:// URL`);
    return url;
  }

  /** Opens a new network connection for the named client (replacing its current one), without sending anything. */
  async openConnection(name: string, transport?: Transport): Promise<ProbeConnection> {
    const primaryTransport = (new URL(this.target.urls[0] ?? 'mqtt://x').protocol.replace(':', '') as Transport);
    const connection = await ProbeConnection.open({
      name,
      url: this.urlFor(transport ?? primaryTransport),
      protocolVersion: this.protocolVersion,
      caFile: this.target.caFile,
      trace: this.trace,
      connectTimeoutMs: this.ms(5000),
      autoAck: true,
    });
    // A new connection starts with no acknowledgements: never let a step read the previous connection's.
    this.lastConnack.delete(name);
    this.lastSuback.delete(name);
    this.current.set(name, connection);
    this.opened.push(connection);
    return connection;
  }

  /** Opens a connection and sends CONNECT; does not wait for CONNACK. */
  async sendConnect(name: string, options: ConnectOptions = {}): Promise<ProbeConnection> {
    const connection = await this.openConnection(name, options.transport);
    const clientId = options.clientId ?? this.clientId(name);
    const clean = options.clean ?? true;
    if (!clean && clientId !== '') this.persistentIds.add(clientId);
    // Subscriptions carry over only from a persistent session into a persistent one under the same id.
    const resumes = !clean && options.clientId === undefined && this.persistentSession.get(name) === true;
    if (!resumes) this.subscriptions.delete(name);
    this.persistentSession.set(name, !clean && options.clientId === undefined);
    const packet: Record<string, unknown> = {
      cmd: 'connect',
      protocolId: options.protocolId ?? (this.protocolVersion === 3 ? 'MQIsdp' : 'MQTT'),
      protocolVersion: options.protocolVersion ?? this.protocolVersion,
      clean,
      clientId,
      keepalive: options.keepalive ?? 60,
    };
    // The run's --username/--password apply to every connection unless the scenario sets its own.
    if (options.anonymous !== true) {
      const username = options.username ?? this.target.username;
      const password = options.password ?? (options.username === undefined && this.target.password !== undefined ? Buffer.from(this.target.password) : undefined);
      if (username !== undefined) packet.username = username;
      if (password !== undefined) packet.password = password;
    }
    if (options.will !== undefined) packet.will = { ...options.will };
    connection.send(packet as unknown as IConnectPacket);
    return connection;
  }

  /** CONNECT and wait for CONNACK; returns the CONNACK. */
  async connectAndWait(name: string, options: ConnectOptions = {}): Promise<Packet> {
    const connection = await this.sendConnect(name, options);
    const connack = await connection.expect((p) => p.cmd === 'connack', this.ms(), 'a CONNACK');
    this.lastConnack.set(name, connack);
    return connack;
  }

  async expectPublish(name: string, topic: string, payload: string | undefined, description: string): Promise<IPublishPacket> {
    const publish = (await this.client(name).expect(
      (p) => p.cmd === 'publish' && p.topic === topic && (payload === undefined || Buffer.from(p.payload).toString() === payload),
      this.ms(),
      description,
    )) as IPublishPacket;
    this.lastMessage = publish;
    this.lastMessageClient = name;
    return publish;
  }

  /** Closes every connection and removes what the scenario left on the broker. */
  async cleanup(): Promise<void> {
    for (const connection of this.opened) if (!connection.closed) connection.drop();
    if (this.persistentIds.size === 0 && this.retainedTopics.size === 0) return;
    const sweeper = 'cleanup';
    for (const clientId of this.persistentIds) {
      await this.connectAndWait(sweeper, { clientId, clean: true }).catch(() => undefined);
      await this.current.get(sweeper)?.disconnect();
    }
    if (this.retainedTopics.size > 0) {
      const connack = await this.connectAndWait(sweeper, { clean: true }).catch(() => undefined);
      const connection = this.current.get(sweeper);
      if (connack !== undefined && connection !== undefined) {
        for (const topic of this.retainedTopics) {
          connection.send({ cmd: 'publish', topic, payload: Buffer.alloc(0), qos: 0, retain: true, dup: false } as Packet);
        }
        await connection.disconnect();
      }
    }
  }
}
