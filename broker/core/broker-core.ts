// The broker's working state and the operations handlers share: sessions by client id, connected
// clients, the subscription trie, retained messages, counters. Persistence is a write-through journal
// of this state (see broker/persistence/persistence.ts).
import type { Authorizer, BrokerLimits, Clock, Logger } from './contracts.ts';
import type { Persistence, QoS, StoredMessage } from '../persistence/persistence.ts';
import { deliver, deliveryQos } from '../session/delivery.ts';
import type { DeliveryContext, DropReason } from '../session/delivery.ts';
import type { Throttle } from '../session/flow-control.ts';
import { releaseHolders } from '../session/flow-control.ts';
import type { Session } from '../session/session.ts';
import { RetainedStore } from '../topics/retained-store.ts';
import { SubscriptionTrie } from '../topics/subscription-trie.ts';
import type { Connection } from './connection.ts';
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
}

export interface BrokerCoreOptions {
  persistence: Persistence;
  authorizer: Authorizer;
  limits: BrokerLimits;
  clock: Clock;
  logger: Logger;
}

export class BrokerCore implements DeliveryContext {
  readonly persistence: Persistence;
  readonly authorizer: Authorizer;
  readonly limits: BrokerLimits;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Every session the broker holds, connected or not, by client id [MQTT-3.1.3-2]. */
  readonly sessions = new Map<string, Session>();
  /** The connection currently owning each client id (connecting or connected). */
  readonly clients = new Map<string, Connection>();
  /** Every open network connection, with or without CONNECT. */
  readonly connections = new Set<Connection>();
  readonly trie = new SubscriptionTrie<Session>();
  readonly retained = new RetainedStore();
  readonly counters: BrokerCounters = { messagesReceived: 0, messagesSent: 0, droppedQueueFull: 0, droppedQos0Backlog: 0, slowConsumers: 0, readDenied: 0 };

  constructor(options: BrokerCoreOptions) {
    this.persistence = options.persistence;
    this.authorizer = options.authorizer;
    this.limits = options.limits;
    this.clock = options.clock;
    this.logger = options.logger;
  }

  countSent(): void {
    this.counters.messagesSent++;
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
    write.catch((err: unknown) =>
      this.logger.log('error', 'persistence-write-failed', { error: err instanceof Error ? err.message : String(err) }),
    );
  }

  /**
   * The publish path: a short list of named steps (publish-pipeline.ts). `writes` collects what must be
   * durable before the publisher is acknowledged; null when nobody waits (wills, $SYS).
   */
  publish(message: StoredMessage, writes: Promise<void>[] | null, persist = true, origin: Throttle | null = null): void {
    const pub: Publication = { message, writes, persist, origin };
    for (const step of PUBLISH_STEPS) step(this, pub);
  }

  /** Add or replace a subscription, then send matching retained messages with RETAIN=1. */
  subscribe(session: Session, filter: string, qos: QoS, writes: Promise<void>[]): void {
    session.subscriptions.set(filter, qos); // same filter: replaced, QoS updated [MQTT-3.8.4-3]
    this.trie.add(filter, session, qos);
    if (session.persistent) writes.push(this.persistence.saveSubscription({ clientId: session.clientId, filter, qos }));
  }

  /** Retained messages matching a new (or repeated) subscription [MQTT-3.3.1-6] [MQTT-3.8.4-3]. */
  sendRetained(session: Session, filter: string, granted: QoS): void {
    for (const m of this.retained.match(filter)) {
      // RETAIN=1 because it is sent as a result of a new subscription [MQTT-3.3.1-8], at min QoS [MQTT-3.8.4-6]
      deliver(this, session, { ...m, qos: deliveryQos(m.qos, granted), retain: true }, null);
    }
  }

  /** Exact string match of the filter [MQTT-3.10.4-1]; true when a subscription was removed. */
  unsubscribe(session: Session, filter: string, writes: Promise<void>[]): boolean {
    if (!session.subscriptions.delete(filter)) return false;
    this.trie.remove(filter, session); // no new messages for it [MQTT-3.10.4-2]; inflight ones complete [MQTT-3.10.4-3]
    if (session.persistent) writes.push(this.persistence.deleteSubscription(session.clientId, filter));
    return true;
  }

  /**
   * Forget a session and everything in it (CleanSession=1 at connect or disconnect) [MQTT-3.1.2-6].
   * Retained messages are not session state and stay [MQTT-3.1.2.7].
   */
  discardSession(session: Session, writes: Promise<void>[] | null): void {
    for (const filter of session.subscriptions.keys()) this.trie.remove(filter, session);
    releaseHolders(session);
    session.subscriptions.clear();
    session.inflight.clear();
    session.queue.clear();
    session.inboundQos2.clear();
    if (this.sessions.get(session.clientId) === session) this.sessions.delete(session.clientId);
    if (session.persistent) {
      const write = this.persistence.deleteSession(session.clientId);
      if (writes) writes.push(write);
      else this.background(write);
    }
  }

  /** Publish a connection's will (subject to the publish ACL), then remove it [MQTT-3.1.2-8] [MQTT-3.1.2-10]. */
  publishWill(conn: Connection): void {
    const will = conn.will;
    if (will === null) return;
    conn.will = null;
    this.background(this.persistence.deleteWill(conn.clientId));
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
    const session = conn.session;
    if (this.clients.get(conn.clientId) === conn) this.clients.delete(conn.clientId);
    if (conn.will !== null) {
      if (publishWill) this.publishWill(conn);
      else {
        conn.will = null;
        this.background(this.persistence.deleteWill(conn.clientId));
      }
    }
    if (session === null) return;
    if (session.link === conn) {
      session.link = null;
      releaseHolders(session); // offline sessions hold no publisher
    }
    if (session.clean) {
      if (this.sessions.get(session.clientId) === session) this.discardSession(session, null); // [MQTT-3.1.2-6]
    } else if (this.sessions.get(session.clientId) === session && session.link === null) {
      // further QoS 1/2 messages are stored while the client is away [MQTT-3.1.2-5]
      this.background(this.persistence.saveSession({ ...session.record(), disconnectedAt: this.clock.now() }));
    }
  }
}
