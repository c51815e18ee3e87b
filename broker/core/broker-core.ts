// The broker's working state and the operations handlers share: the session registry (sessions,
// connected clients, subscriptions, write-through), the retained messages, the message bus, counters.
// Persistence is a write-through journal of this state (broker/model/messages.ts), written by the
// registry and the publish pipeline only.
import type { Packet } from 'mqtt-packet';
import { AuthGuard } from '../auth/auth-guard.ts';
import type { Authorizer, BrokerLimits, Clock, IdSource, Logger } from '../model/contracts.ts';
import type { Persistence, QoS, StoredMessage } from '../model/messages.ts';
import { StaleOwnerError } from '../model/errors.ts';
import { deliver, deliveryQos } from '../session/delivery.ts';
import type { DeliveryContext, DropReason } from '../session/delivery.ts';
import type { Throttle } from '../session/flow-control.ts';
import { LocalSessionDirectory } from '../session/session-directory.ts';
import type { SessionDirectory } from '../session/session-directory.ts';
import { SessionRegistry } from '../session/session-registry.ts';
import type { Session } from '../session/session.ts';
import { RetainedStore } from '../topics/retained-store.ts';
import type { SubscriptionTrie } from '../topics/subscription-trie.ts';
import type { Connection } from './connection.ts';
import { DefaultIdSource } from './ids.ts';
import { localMessageBus } from './message-bus.ts';
import type { LocalDelivery, MessageBus, MessageBusFactory } from './message-bus.ts';
import { DEFAULT_MAX_BUFFERED_INPUT_BYTES, InputBudget } from './input-budget.ts';
import { PUBLISH_STEPS } from './publish-pipeline.ts';
import type { Publication } from './publish-pipeline.ts';

export interface BrokerCounters {
  /** PUBLISH packets received from clients (wills and $SYS not counted). */
  messagesReceived: number;
  /** PUBLISH packets sent to clients, retransmissions included. */
  messagesSent: number;
  /** Messages not delivered to a session: its queue was full (QoS 0 beyond half of maxQueued, QoS 1/2 beyond maxQueued). */
  droppedQueueFull: number;
  /** QoS 0 messages not sent to an online client whose unsent bytes exceed the backlog limit. */
  droppedQos0Backlog: number;
  /** Sessions found to be slow consumers (flow-control.ts). */
  slowConsumers: number;
  /** Messages not sent to a client because its read ACL denies the topic. */
  readDenied: number;
  /** Connections closed because the partial packets of all connections exceeded maxBufferedInputBytes. */
  inputBudgetEvictions: number;
  /** messagesReceived by the PUBLISH's QoS, [qos0, qos1, qos2]. */
  receivedByQos: [number, number, number];
  /** messagesSent by the delivered QoS. */
  sentByQos: [number, number, number];
  /** CONNECTs refused for bad credentials or as not authorized. */
  authFailures: number;
  /** CONNECTs refused at once because too many password checks were running (auth-guard.ts). */
  authBusy: number;
}

export interface BrokerCoreOptions {
  persistence: Persistence;
  authorizer: Authorizer;
  limits: BrokerLimits;
  clock: Clock;
  logger: Logger;
  ids?: IdSource;
  directory?: SessionDirectory;
  messageBus?: MessageBusFactory;
}

/** Handles one parsed packet of a connection (broker/handlers); injected so core does not import handlers. */
export type Dispatcher = (conn: Connection, packet: Packet) => void;

export class BrokerCore implements DeliveryContext, LocalDelivery {
  readonly persistence: Persistence;
  readonly authorizer: Authorizer;
  readonly limits: BrokerLimits;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ids: IdSource;
  readonly directory: SessionDirectory;
  readonly registry: SessionRegistry;
  readonly bus: MessageBus;
  /** Every open network connection, with or without CONNECT. */
  readonly connections = new Set<Connection>();
  readonly retained = new RetainedStore();
  readonly counters: BrokerCounters = { messagesReceived: 0, messagesSent: 0, droppedQueueFull: 0, droppedQos0Backlog: 0, slowConsumers: 0, readDenied: 0, inputBudgetEvictions: 0, authFailures: 0, authBusy: 0,
    receivedByQos: [0, 0, 0], sentByQos: [0, 0, 0],
  };
  /**
   * Called with the seconds between a QoS 1/2 PUBLISH and the moment the writes it waited on were
   * durable (its acknowledgement then goes out): the persistence's commit latency as clients see it.
   */
  onCommitLatency: ((seconds: number) => void) | null = null;
  /** Partially received packets of all connections together (input-budget.ts). */
  readonly inputBudget: InputBudget;
  /** Bounds concurrent password checks and slows repeated failures per address (auth-guard.ts). */
  readonly authGuard: AuthGuard;

  constructor(
    options: BrokerCoreOptions,
    readonly dispatch: Dispatcher,
  ) {
    this.persistence = options.persistence;
    this.authorizer = options.authorizer;
    this.limits = options.limits;
    this.clock = options.clock;
    this.logger = options.logger;
    this.ids = options.ids ?? new DefaultIdSource();
    this.directory = options.directory ?? new LocalSessionDirectory();
    this.registry = new SessionRegistry({
      persistence: this.persistence,
      directory: this.directory,
      nodeId: this.ids.nodeId,
      clock: this.clock,
      logger: this.logger,
      background: (w) => this.background(w),
    });
    this.inputBudget = new InputBudget(options.limits.maxBufferedInputBytes ?? DEFAULT_MAX_BUFFERED_INPUT_BYTES, (fields) =>
      this.logger.log('warn', 'input-budget-exhausted', fields),
    );
    this.authGuard = new AuthGuard({
      clock: this.clock,
      ...(options.limits.maxConcurrentAuth !== undefined ? { maxConcurrent: options.limits.maxConcurrentAuth } : {}),
      ...(options.limits.authBackoffBaseMs !== undefined ? { backoffBaseMs: options.limits.authBackoffBaseMs } : {}),
      ...(options.limits.authBackoffMaxMs !== undefined ? { backoffMaxMs: options.limits.authBackoffMaxMs } : {}),
    });
    this.bus = (options.messageBus ?? localMessageBus)(this);
  }

  /** Every session this node holds, by client id (read-only use: the registry changes it). */
  get sessions(): ReadonlyMap<string, Session> {
    return this.registry.sessions;
  }

  /** The connection currently owning each client id. */
  get clients(): ReadonlyMap<string, unknown> {
    return this.registry.clients;
  }

  get trie(): SubscriptionTrie<Session> {
    return this.registry.trie;
  }

  /** Delivery's write-through goes through the registry (ownership-guarded). */
  get journal(): SessionRegistry {
    return this.registry;
  }

  countSent(qos: QoS): void {
    this.counters.messagesSent++;
    this.counters.sentByQos[qos]++;
  }

  countDropped(reason: DropReason): void {
    if (reason === 'queue-full') this.counters.droppedQueueFull++;
    else this.counters.droppedQos0Backlog++;
  }

  countReadDenied(): void {
    this.counters.readDenied++;
  }

  countSlowConsumer(): void {
    this.counters.slowConsumers++;
  }

  background(write: Promise<void>): void {
    write.catch((err: unknown) => {
      // A write of a session another connection has taken over since was refused on purpose (the
      // registry logged it as stale-session-write): the newer owner's state stands.
      if (err instanceof StaleOwnerError) return;
      this.logger.log('error', 'persistence-write-failed', { error: err instanceof Error ? err.message : String(err) });
    });
  }

  /**
   * Publish through the message bus (message-bus.ts: accepted = `writes` resolved). `writes` collects
   * what must be durable before the publisher is acknowledged; null when nobody waits (wills, $SYS).
   */
  publish(message: StoredMessage, writes: Promise<void>[] | null, persist = true, origin: Throttle | null = null): void {
    this.bus.publish({ message, writes, persist, origin });
  }

  /** The local publish path: a short list of named steps (publish-pipeline.ts). */
  deliverLocally(pub: Publication): void {
    for (const step of PUBLISH_STEPS) step(this, pub);
  }

  /** Retained messages matching a new (or repeated) subscription [MQTT-3.3.1-6] [MQTT-3.8.4-3]. */
  sendRetained(session: Session, filter: string, granted: QoS): void {
    for (const m of this.retained.match(filter)) {
      // RETAIN=1 because it is sent as a result of a new subscription [MQTT-3.3.1-8], at min QoS [MQTT-3.8.4-6]
      deliver(this, session, { ...m, qos: deliveryQos(m.qos, granted), retain: true }, null);
    }
  }

  /** Publish a connection's will (subject to the publish ACL), then remove it [MQTT-3.1.2-8] [MQTT-3.1.2-10]. */
  publishWill(conn: Connection): void {
    const will = conn.will;
    if (will === null) return;
    conn.will = null;
    this.registry.forgetWill(conn.clientId);
    if (!this.authorizer.canPublish(conn.clientId, conn.username, will.topic)) {
      this.logger.log('warn', 'will-denied', { clientId: conn.clientId, topic: will.topic });
      return;
    }
    // will QoS and RETAIN as given at CONNECT [MQTT-3.1.2-16] [MQTT-3.1.2-17]
    this.publish({ ...will, receivedAt: this.clock.now() }, null);
  }

  /** Called once by a connection as it closes. */
  connectionClosed(conn: Connection, publishWill: boolean): void {
    this.connections.delete(conn);
    if (conn.will !== null) {
      if (publishWill) this.publishWill(conn);
      else {
        conn.will = null;
        this.registry.forgetWill(conn.clientId);
      }
    }
    this.registry.detach(conn, conn.clientId, conn.session);
  }
}
