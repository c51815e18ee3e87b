// Test doubles for the broker core's unit tests: a manual clock, an array logger, an allow-all
// authorizer (with hooks), default limits, an in-memory duplex pair and a raw MQTT test client that
// reads packets with mqtt-packet and waits for them with a deadline (no sleeps).
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { Duplex } from 'node:stream';
import { Broker } from '../core/broker.ts';
import type { AuthResult, Authorizer, BrokerLimits, BrokerOptions, Clock, Logger } from '../core/contracts.ts';
import { MemoryPersistence } from '../persistence/memory/index.ts';
import type { Persistence } from '../persistence/persistence.ts';

export class ManualClock implements Clock {
  private t = 1_700_000_000_000;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return { cancel: () => void this.timers.delete(id) };
  }

  /** Move time forward, firing due timers in time order (timers set while firing included). */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.timers) if (e[1].at <= target && (next === null || e[1].at < next[1].at)) next = e;
      if (next === null) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = target;
  }
}

export interface LogLine {
  level: string;
  event: string;
  fields: Record<string, unknown>;
}

export class ArrayLogger implements Logger {
  readonly lines: LogLine[] = [];
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level, event, fields });
  }
  events(event: string): LogLine[] {
    return this.lines.filter((l) => l.event === event);
  }
}

export class TestAuthorizer implements Authorizer {
  result: AuthResult = 'ok';
  denyPublish = new Set<string>();
  denySubscribe = new Set<string>();
  /** Topics no client may read; or a function deciding per client. */
  denyRead: (clientId: string, username: string | undefined, topic: string) => boolean = () => false;
  authenticate(): Promise<AuthResult> {
    return Promise.resolve(this.result);
  }
  canPublish(_c: string, _u: string | undefined, topic: string): boolean {
    return !this.denyPublish.has(topic);
  }
  canSubscribe(_c: string, _u: string | undefined, filter: string): boolean {
    return !this.denySubscribe.has(filter);
  }
  canRead(clientId: string, username: string | undefined, topic: string): boolean {
    return !this.denyRead(clientId, username, topic);
  }
}

export function testLimits(overrides: Partial<BrokerLimits> = {}): BrokerLimits {
  return {
    maxPacketSize: 1024 * 1024,
    maxInflight: 20,
    maxQueued: 1000,
    connectTimeoutMs: 10_000,
    maxConnections: 100,
    maxSubscriptions: 10_000,
    queueQos0: false,
    ...overrides,
  };
}

export interface TestBroker {
  broker: Broker;
  clock: ManualClock;
  logger: ArrayLogger;
  authorizer: TestAuthorizer;
  persistence: Persistence;
}

export async function startBroker(
  opts: {
    limits?: Partial<BrokerLimits>;
    persistence?: Persistence;
    sysIntervalMs?: number;
    clock?: ManualClock;
    authorizer?: Authorizer;
    ids?: BrokerOptions['ids'];
    directory?: BrokerOptions['directory'];
    messageBus?: BrokerOptions['messageBus'];
  } = {},
): Promise<TestBroker> {
  const clock = opts.clock ?? new ManualClock();
  const logger = new ArrayLogger();
  const authorizer = new TestAuthorizer();
  const persistence = opts.persistence ?? new MemoryPersistence();
  const options: BrokerOptions = {
    persistence,
    authorizer: opts.authorizer ?? authorizer,
    limits: testLimits(opts.limits),
    clock,
    logger,
    sysIntervalMs: opts.sysIntervalMs ?? 0,
    version: 'test',
    ...(opts.ids ? { ids: opts.ids } : {}),
    ...(opts.directory ? { directory: opts.directory } : {}),
    ...(opts.messageBus ? { messageBus: opts.messageBus } : {}),
  };
  const broker = new Broker(options);
  await broker.start();
  return { broker, clock, logger, authorizer, persistence };
}

/** Two connected in-memory Duplex ends: what one writes, the other reads. */
export function duplexPair(): [Duplex, Duplex] {
  let a: Duplex;
  let b: Duplex;
  const make = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        peer().push(chunk);
        cb();
      },
      final(cb) {
        peer().push(null);
        cb();
      },
      destroy(err, cb) {
        const p = peer();
        if (!p.destroyed) p.destroy();
        cb(err);
      },
    });
  a = make(() => b);
  b = make(() => a);
  return [a, b];
}

/** A raw MQTT client on one end of a duplex pair, for byte-exact tests. */
export class RawClient {
  readonly packets: Packet[] = [];
  closed = false;
  parseErrors: Error[] = [];
  private waiters: (() => void)[] = [];
  private readonly parser = mqttPacket.parser({ protocolVersion: 4 });

  constructor(readonly stream: Duplex) {
    this.parser.on('packet', (p: Packet) => {
      this.packets.push(p);
      this.wake();
    });
    this.parser.on('error', (e: Error) => this.parseErrors.push(e));
    stream.on('data', (c: Buffer) => this.parser.parse(c));
    const onClose = (): void => {
      this.closed = true;
      this.wake();
    };
    stream.on('end', onClose);
    stream.on('close', onClose);
    stream.on('error', () => undefined);
  }

  static attach(tb: TestBroker): RawClient {
    const [server, client] = duplexPair();
    tb.broker.handle(server, { transport: 'memory' });
    return new RawClient(client);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(packet: Packet | Buffer): void {
    this.stream.write(Buffer.isBuffer(packet) ? packet : mqttPacket.generate(packet));
  }

  sendHex(hex: string): void {
    this.stream.write(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
  }

  /** Resolve when `cond` holds, re-checked on every packet/close; reject after `ms` of real time. */
  waitFor<T>(cond: () => T | undefined | false, ms = 2000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const v = cond();
        if (v !== undefined && v !== false) {
          clearTimeout(timer);
          resolve(v);
          return true;
        }
        this.waiters.push(check);
        return false;
      };
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.packets.map((p) => p.cmd))}`)), ms);
      check();
    });
  }

  /** Next packet of `cmd` not yet taken (removes it from the list). */
  async next<C extends Packet['cmd']>(cmd: C, ms = 2000): Promise<Extract<Packet, { cmd: C }>> {
    return this.waitFor(() => {
      const i = this.packets.findIndex((p) => p.cmd === cmd);
      if (i < 0) return undefined;
      return this.packets.splice(i, 1)[0] as Extract<Packet, { cmd: C }>;
    }, ms, cmd);
  }

  waitClosed(ms = 2000): Promise<true> {
    return this.waitFor(() => this.closed || undefined, ms, 'close');
  }

  async connect(fields: Partial<mqttPacket.IConnectPacket> = {}): Promise<mqttPacket.IConnackPacket> {
    this.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'c', ...fields } as Packet);
    return this.next('connack');
  }

  /** Resolve once every byte written so far has been answered: a PINGREQ round trip. */
  async ping(): Promise<void> {
    this.send({ cmd: 'pingreq' } as Packet);
    await this.next('pingresp');
  }

  end(): void {
    this.stream.end();
  }

  destroy(): void {
    this.stream.destroy();
  }
}
