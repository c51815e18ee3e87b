// Contracts the broker's parts plug into: clock, logger, authorizer, limits, ids. A leaf module.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export interface Logger {
  /** Structured log line: one JSON object per line on stderr in production. */
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>): void;
}

export type AuthResult = 'ok' | 'bad-credentials' | 'not-authorized';

export interface Authorizer {
  authenticate(clientId: string, username: string | undefined, password: Buffer | undefined): Promise<AuthResult>;
  canPublish(clientId: string, username: string | undefined, topic: string): boolean;
  /** May this client subscribe to this filter (SUBSCRIBE; a refusal is SUBACK 0x80). */
  canSubscribe(clientId: string, username: string | undefined, filter: string): boolean;
  /**
   * May this client receive a message on this topic: checked per message and per receiving client on
   * every delivery path (live, retained on subscribe, offline queue on reconnect, wills, $SYS). A
   * denied read is dropped for that client only, logged at debug (`read-denied`) and counted.
   */
  canRead(clientId: string, username: string | undefined, topic: string): boolean;
}

export interface BrokerLimits {
  /** Largest packet accepted, bytes (whole packet). Larger: log and close. */
  maxPacketSize: number;
  /** Outbound QoS 1/2 messages in flight per client before queueing. */
  maxInflight: number;
  /** Messages queued per offline/slow session; beyond it new QoS 1/2 messages are dropped and logged. */
  maxQueued: number;
  /**
   * Bytes of partially received packets held for all connections together (broker/core/input-budget.ts);
   * beyond it the connection with the largest partial packet is closed. Default 64 MiB.
   */
  maxBufferedInputBytes?: number;
  /** Password checks running at once (each may be a scrypt run); beyond it a CONNECT gets 0x03 at once. Default 8. */
  maxConcurrentAuth?: number;
  /** First delay before refusing a failed CONNECT from an address, doubled per failure. Default 250 ms. */
  authBackoffBaseMs?: number;
  /** Longest such delay. Default 8000 ms. */
  authBackoffMaxMs?: number;
  /** Close sockets that send no CONNECT within this many ms. */
  connectTimeoutMs: number;
  /** Refuse connections beyond this count (close at once, logged). */
  maxConnections: number;
  /** Subscriptions one client may hold; a SUBSCRIBE beyond it gets 0x80 for the extra filters, logged. */
  maxSubscriptions: number;
  /** Queue QoS 0 messages for offline persistent sessions. */
  queueQos0: boolean;
  /**
   * Queue length of an online session at which the clients publishing to it are held (flow control,
   * broker/session/flow-control.ts). Default 1000, at most maxQueued / 2.
   */
  queueHighWater?: number;
  /** A session holding publishers with no acknowledgement for this long is a slow consumer. Default 2000 ms. */
  slowConsumerMs?: number;
}

export interface ConnectionMeta {
  /** 'tcp' | 'tls' | 'ws' | 'wss' */
  transport: string;
  remoteAddress?: string;
  /**
   * CN of the client certificate the TLS listener verified (tls-options.ts): the client is
   * authenticated by it and this is its username (for the ACL); the CONNECT's user name and password
   * are not checked.
   */
  certificateCn?: string;
}

/**
 * Ids and randomness the broker takes from outside (beside the clock), so tests and a cluster can fix
 * them: the node id, client ids assigned to clients that connect with an empty one [MQTT-3.1.3-6].
 * Packet ids need no randomness: each session allocates them in sequence, skipping ids in use
 * [MQTT-2.3.1-1] [MQTT-2.3.1-4].
 */
export interface IdSource {
  /** This broker process (node) in a cluster; owner of the sessions it opens (SessionDirectory). */
  readonly nodeId: string;
  /** A client id unique across the broker (and the cluster), for a zero-length client id. */
  assignClientId(): string;
}
