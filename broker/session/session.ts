// The server side of one MQTT session: what survives between network connections when
// CleanSession=0 (subscriptions, messages on their way to the client, QoS 2 ids received) and what
// dies with the connection when CleanSession=1 [MQTT-3.1.2-4..6] [MQTT-4.1.0-1].
import type {
  OutboundRecord,
  OutboundState,
  QoS,
  SessionRecord,
  StoredMessage,
} from '../model/messages.ts';
import type { Throttle } from './flow-control.ts';

/** A message on its way to this session's client (mirrors OutboundRecord). */
export interface OutboundEntry {
  seq: number;
  packetId: number | null;
  state: OutboundState;
  /** Carries the delivery QoS (min of publish and granted) and the RETAIN flag to send. */
  message: StoredMessage;
}

/** What a session needs from the network connection currently attached to it. */
export interface SessionLink {
  /** Write a PUBLISH (or PUBREL for 'released') for an inflight entry. */
  sendEntry(entry: OutboundEntry, dup: boolean): void;
  /** Write a pre-encoded QoS 0 PUBLISH; false when dropped because the client does not keep up. */
  sendQos0(bytes: Buffer): boolean;
  /** Stop the connection (used by takeover). */
  readonly open: boolean;
}

/** FIFO of queued entries without Array#shift's O(n). */
export class EntryQueue {
  private items: OutboundEntry[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(entry: OutboundEntry): void {
    this.items.push(entry);
  }

  shift(): OutboundEntry | undefined {
    if (this.head >= this.items.length) return undefined;
    const e = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as OutboundEntry;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return e;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  *[Symbol.iterator](): Iterator<OutboundEntry> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i]!;
  }
}

export class Session {
  /** filter → granted QoS */
  readonly subscriptions = new Map<string, QoS>();
  /** packet id → entry in state 'sent' or 'released', in the order they were sent. */
  readonly inflight = new Map<number, OutboundEntry>();
  readonly queue = new EntryQueue();
  /** QoS 2 packet ids received (PUBREC sent) and not yet released by PUBREL. */
  readonly inboundQos2 = new Set<number>();
  link: SessionLink | null = null;
  /** Epoch of this node's claim on the client id (session-directory.ts); 0 before any claim. */
  epoch = 0;
  /** Username of the connection that last opened or resumed this session (read ACL checks). */
  username: string | undefined;
  nextSeq = 1;
  private lastPacketId = 0;
  /** Whether a drop for a full queue was logged since the queue last had room. */
  dropLogged = false;
  /** Publishing connections held until this session's queue is back at the low-water mark (flow-control.ts). */
  readonly holders = new Set<Throttle>();
  /** Armed while holders wait: fires the slow-consumer check. */
  stallTimer: { cancel(): void } | null = null;
  /** Marked a slow consumer: holds no publisher until its queue is back at the low-water mark. */
  slow = false;
  /** Last time an acknowledgement let queued entries move into the inflight window (clock ms). */
  lastProgressAt = 0;

  constructor(
    readonly clientId: string,
    /** CleanSession=1: state lasts as long as the network connection and is never persisted. */
    public clean: boolean,
    public protocolVersion: number,
    public createdAt: number,
  ) {}

  get persistent(): boolean {
    return !this.clean;
  }

  /** A non-zero packet id not in use by this session's inflight messages [MQTT-2.3.1-1] [MQTT-2.3.1-4]. */
  allocatePacketId(): number {
    for (let tries = 0; tries < 65535; tries++) {
      this.lastPacketId = this.lastPacketId === 65535 ? 1 : this.lastPacketId + 1;
      if (!this.inflight.has(this.lastPacketId)) return this.lastPacketId;
    }
    throw new Error('no free packet id'); // unreachable: maxInflight is far below 65535
  }

  /** Remember ids in use after a restart so new ids don't collide. */
  notePacketId(id: number): void {
    if (id > this.lastPacketId) this.lastPacketId = id;
  }

  record(): SessionRecord {
    return { clientId: this.clientId, protocolVersion: this.protocolVersion, createdAt: this.createdAt };
  }

  outboundRecord(entry: OutboundEntry): OutboundRecord {
    return {
      clientId: this.clientId,
      seq: entry.seq,
      packetId: entry.packetId,
      state: entry.state,
      message: entry.message,
    };
  }
}
