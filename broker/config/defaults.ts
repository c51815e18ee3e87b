import type { BrokerLimits } from '../core/contracts.ts';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 1883;
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_WS_PATH = '/mqtt';
export const DEFAULT_SYS_INTERVAL_MS = 10_000;
/** Largest MQTT packet: 1 byte header + 4 bytes remaining length + 268,435,455 bytes. */
export const MAX_PACKET_SIZE_LIMIT = 268_435_460;

export const DEFAULT_LIMITS: BrokerLimits = {
  /** 1 MiB: a packet larger than this closes the connection; raise it for bigger payloads (up to 268435460). */
  maxPacketSize: 1_048_576,
  maxInflight: 32,
  maxQueued: 10_000,
  connectTimeoutMs: 10_000,
  maxConnections: 100_000,
  maxSubscriptions: 10_000,
  queueQos0: false,
  /** Queue length of an online session at which its publishers are held (flow-control.ts). */
  queueHighWater: 1000,
  /** A session holding publishers with no acknowledgement for this long is declared slow and releases them. */
  slowConsumerMs: 2000,
  /** Bytes of half-received packets over all connections; beyond it the largest partial packet's connection is closed. */
  maxBufferedInputBytes: 67_108_864,
  /** Password checks (scrypt) running at once; beyond it a CONNECT is refused at once with 0x03. */
  maxConcurrentAuth: 8,
  /** First delay before refusing a failed login from an address; doubles per failure (0 = no backoff). */
  authBackoffBaseMs: 250,
  /** The longest such delay. */
  authBackoffMaxMs: 8000,
};
