// The session registry (issue 8): the one place that opens, resumes, takes over and discards sessions,
// and that writes session state through to persistence. Handlers and the core ask it; nothing else
// mutates the session table or calls the Persistence's session methods.
//
// Every write-through of a persistent session is guarded by the session directory: a session carries
// the (nodeId, epoch) of the claim that opened it, and a write whose claim is no longer the latest is
// refused (StaleOwnerError) instead of overwriting a newer owner's state.
import type { Clock, Logger } from '../model/contracts.ts';
import { StaleOwnerError } from '../model/errors.ts';
import type { OutboundRecord, Persistence, QoS, StoredMessage } from '../model/messages.ts';
import { SubscriptionTrie } from '../topics/subscription-trie.ts';
import { releaseHolders } from './flow-control.ts';
import type { SessionDirectory } from './session-directory.ts';
import { Session } from './session.ts';
import type { OutboundEntry } from './session.ts';

/** A network connection as the registry sees it (the core's Connection implements it). */
export interface RegisteredClient {
  readonly open: boolean;
  /** Close this connection because another one took its client id [MQTT-3.1.4-2]. */
  closeForTakeover(): void;
}

export interface OpenRequest {
  clientId: string;
  clean: boolean;
  protocolVersion: number;
  username: string | undefined;
  client: RegisteredClient;
  /** The will given at CONNECT, stored with the session's connection [MQTT-3.1.2-8]. */
  will: StoredMessage | null;
}

export interface Opened {
  session: Session;
  sessionPresent: boolean;
  /** Writes that must be durable before CONNACK. */
  writes: Promise<void>[];
}

/** The write-through surface delivery uses (broker/session/delivery.ts). */
export interface SessionJournal {
  saveOutbound(session: Session, entry: OutboundEntry): Promise<void>;
  deleteOutbound(session: Session, seq: number): Promise<void>;
}

export interface SessionRegistryOptions {
  persistence: Persistence;
  directory: SessionDirectory;
  nodeId: string;
  clock: Clock;
  logger: Logger;
  /** A write nobody awaits: log if it fails. */
  background(write: Promise<void>): void;
}

export class SessionRegistry implements SessionJournal {
  /** Every session this node holds, connected or not, by client id [MQTT-3.1.3-2]. */
  readonly sessions = new Map<string, Session>();
  /** The connection currently owning each client id (connecting or connected). */
  readonly clients = new Map<string, RegisteredClient>();
  readonly trie = new SubscriptionTrie<Session>();
  private readonly persistence: Persistence;
  private readonly directory: SessionDirectory;
  private readonly nodeId: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly background: (write: Promise<void>) => void;

  constructor(o: SessionRegistryOptions) {
    this.persistence = o.persistence;
    this.directory = o.directory;
    this.nodeId = o.nodeId;
    this.clock = o.clock;
    this.logger = o.logger;
    this.background = o.background;
  }

  // ---- opening ----

  /**
   * Claim the client id, take over a connection holding it, then resume, replace or create the session
   * (CleanSession processing [MQTT-3.1.4-3]). Resolves to null when the client went away meanwhile.
   */
  async open(req: OpenRequest): Promise<Opened | null> {
    const owner = await this.directory.claim(req.clientId, this.nodeId);
    if (!req.client.open) return null;
    const { clientId } = req;
    // the client id is connected already: disconnect the existing client [MQTT-3.1.4-2]. Its network
    // connection ends without DISCONNECT, so 3.1.1 treats it as closed abnormally: its will is published.
    const previous = this.clients.get(clientId);
    if (previous !== undefined && previous !== req.client) previous.closeForTakeover();
    this.clients.set(clientId, req.client);
    const now = this.clock.now();
    const writes: Promise<void>[] = [];
    let session = this.sessions.get(clientId);
    let sessionPresent = false;
    // the session lasts at least as long as the connection [MQTT-4.1.0-2]
    if (req.clean) {
      // discard any previous session and start a new one [MQTT-3.1.2-6]; Session Present 0 [MQTT-3.2.2-1]
      if (session !== undefined) this.discard(session, writes);
      session = new Session(clientId, true, req.protocolVersion, now);
      session.epoch = owner.epoch;
    } else if (session !== undefined) {
      // resume the stored session [MQTT-3.1.2-4]; Session Present 1 [MQTT-3.2.2-2]
      sessionPresent = true;
      session.protocolVersion = req.protocolVersion;
      session.epoch = owner.epoch;
      writes.push(this.persistence.saveSession({ ...session.record(), disconnectedAt: null }));
    } else {
      // no stored state: a new session, Session Present 0 [MQTT-3.2.2-3]
      session = new Session(clientId, false, req.protocolVersion, now);
      session.epoch = owner.epoch;
      writes.push(this.persistence.saveSession(session.record()));
    }
    session.username = req.username;
    this.sessions.set(clientId, session);
    if (req.will !== null) writes.push(this.persistence.saveWill({ clientId, message: req.will }));
    return { session, sessionPresent, writes };
  }

  /**
   * At start: adopt a stored session unless another node owns its client id now. Returns the session,
   * or null when it is someone else's.
   */
  async adopt(clientId: string, protocolVersion: number, createdAt: number): Promise<Session | null> {
    const current = this.directory.owner(clientId);
    if (current !== undefined && current.nodeId !== this.nodeId) return null;
    const owner = await this.directory.claim(clientId, this.nodeId);
    const session = new Session(clientId, false, protocolVersion, createdAt);
    session.epoch = owner.epoch;
    this.sessions.set(clientId, session);
    return session;
  }

  /**
   * Whether a will stored by the last process may be published at start: only when nobody else has
   * claimed its client id since (this node owned it, or nobody owns it now).
   */
  mayRecoverWill(clientId: string): boolean {
    const owner = this.directory.owner(clientId);
    return owner === undefined || owner.nodeId === this.nodeId;
  }

  /** Restore a stored outbound record (start): queued, or inflight with its packet id. */
  restoreOutbound(o: OutboundRecord): void {
    const session = this.sessions.get(o.clientId);
    if (!session) return;
    const entry: OutboundEntry = { seq: o.seq, packetId: o.packetId, state: o.state, message: o.message };
    if (o.state === 'queued' || o.packetId === null) {
      entry.state = 'queued';
      entry.packetId = null;
      session.queue.push(entry);
    } else {
      session.inflight.set(o.packetId, entry);
      session.notePacketId(o.packetId);
    }
    if (o.seq >= session.nextSeq) session.nextSeq = o.seq + 1;
  }

  /** Restore a QoS 2 packet id received and not yet released (start). */
  restoreInbound(clientId: string, packetId: number): void {
    this.sessions.get(clientId)?.inboundQos2.add(packetId);
  }

  // ---- subscriptions ----

  /** Add or replace a subscription [MQTT-3.8.4-3]. */
  subscribe(session: Session, filter: string, qos: QoS, writes: Promise<void>[]): void {
    session.subscriptions.set(filter, qos); // same filter: replaced, QoS updated [MQTT-3.8.4-3]
    this.trie.add(filter, session, qos);
    if (session.persistent) writes.push(this.guarded(session, () => this.persistence.saveSubscription({ clientId: session.clientId, filter, qos })));
  }

  /** Restore a stored subscription (start): nothing written. */
  restoreSubscription(session: Session, filter: string, qos: QoS): void {
    session.subscriptions.set(filter, qos);
    this.trie.add(filter, session, qos);
  }

  /** Exact string match of the filter [MQTT-3.10.4-1]; true when a subscription was removed. */
  unsubscribe(session: Session, filter: string, writes: Promise<void>[]): boolean {
    if (!session.subscriptions.delete(filter)) return false;
    this.trie.remove(filter, session); // no new messages for it [MQTT-3.10.4-2]; inflight ones complete [MQTT-3.10.4-3]
    if (session.persistent) writes.push(this.guarded(session, () => this.persistence.deleteSubscription(session.clientId, filter)));
    return true;
  }

  // ---- outbound (messages to the client) ----

  saveOutbound(session: Session, entry: OutboundEntry): Promise<void> {
    return this.guarded(session, () => this.persistence.saveOutbound(session.outboundRecord(entry)));
  }

  deleteOutbound(session: Session, seq: number): Promise<void> {
    return this.guarded(session, () => this.persistence.deleteOutbound(session.clientId, seq));
  }

  /** PUBACK (QoS 1) or PUBCOMP (QoS 2): the delivery is complete; forget it. */
  completeOutbound(session: Session, packetId: number, entry: OutboundEntry): void {
    session.inflight.delete(packetId);
    if (session.persistent) this.background(this.deleteOutbound(session, entry.seq));
  }

  /** PUBREC: the client has the QoS 2 message; from now on PUBREL is what is (re)sent [MQTT-4.3.3-1]. */
  releaseOutbound(session: Session, entry: OutboundEntry): void {
    if (entry.state !== 'sent') return;
    entry.state = 'released';
    if (session.persistent) this.background(this.saveOutbound(session, entry));
  }

  // ---- inbound QoS 2 (method A) ----

  /** A QoS 2 PUBLISH received (PUBREC about to be sent): remember its id until PUBREL [MQTT-4.3.3-2]. */
  receiveQos2(session: Session, packetId: number, writes: Promise<void>[]): void {
    session.inboundQos2.add(packetId);
    if (session.persistent) writes.push(this.guarded(session, () => this.persistence.saveInbound({ clientId: session.clientId, packetId })));
  }

  /** PUBREL: forget the id (durably) before PUBCOMP. */
  releaseQos2(session: Session, packetId: number, writes: Promise<void>[]): void {
    if (session.inboundQos2.delete(packetId) && session.persistent) {
      writes.push(this.guarded(session, () => this.persistence.deleteInbound(session.clientId, packetId)));
    }
  }

  // ---- wills ----

  /** The will is published or discarded: remove the stored copy [MQTT-3.1.2-10]. */
  forgetWill(clientId: string): void {
    this.background(this.persistence.deleteWill(clientId));
  }

  // ---- closing ----

  /**
   * Forget a session and everything in it (CleanSession=1 at connect or disconnect) [MQTT-3.1.2-6].
   * Retained messages are not session state and stay [MQTT-3.1.2.7].
   */
  discard(session: Session, writes: Promise<void>[] | null): void {
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

  /** A connection closed: detach it; a clean session dies, a persistent one is stored as offline. */
  detach(client: RegisteredClient, clientId: string, session: Session | null): void {
    if (this.clients.get(clientId) === client) {
      this.clients.delete(clientId);
      if (session !== null && session.clean && session.epoch > 0) this.directory.release(clientId, this.nodeId, session.epoch);
    }
    if (session === null) return;
    if (session.link === (client as unknown)) {
      session.link = null;
      releaseHolders(session); // offline sessions hold no publisher
    }
    if (session.clean) {
      if (this.sessions.get(session.clientId) === session) this.discard(session, null); // [MQTT-3.1.2-6]
    } else if (this.sessions.get(session.clientId) === session && session.link === null) {
      // further QoS 1/2 messages are stored while the client is away [MQTT-3.1.2-5]
      this.background(this.guarded(session, () => this.persistence.saveSession({ ...session.record(), disconnectedAt: this.clock.now() })));
    }
  }

  /** Run `write` only while this node's claim on the session is the latest one. */
  private guarded(session: Session, write: () => Promise<void>): Promise<void> {
    if (this.directory.owns(session.clientId, this.nodeId, session.epoch)) return write();
    const current = this.directory.owner(session.clientId);
    this.logger.log('warn', 'stale-session-write', { clientId: session.clientId, nodeId: this.nodeId, epoch: session.epoch, currentEpoch: current?.epoch ?? 0 });
    return Promise.reject(new StaleOwnerError(session.clientId, this.nodeId, session.epoch, current?.epoch ?? 0));
  }
}
