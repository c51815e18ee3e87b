// $SYS topics, published every sysIntervalMs as retained messages (kept in memory only: they are
// recomputed after a restart). Topics start with '$', so filters starting with a wildcard ('#',
// '+/...') never match them [MQTT-4.7.2-1]; only filters starting with '$SYS' do.
import type { Clock } from '../core/contracts.ts';
import type { StoredMessage } from '../persistence/persistence.ts';

export interface SysSource {
  readonly clock: Clock;
  readonly connectedClients: number;
  readonly messagesReceived: number;
  readonly messagesSent: number;
  readonly startedAt: number;
  readonly version: string;
  /** Publish without persistence. */
  publishSys(message: StoredMessage): void;
}

export const SYS_TOPICS = {
  clientsConnected: '$SYS/broker/clients/connected',
  messagesReceived: '$SYS/broker/messages/received',
  messagesSent: '$SYS/broker/messages/sent',
  uptime: '$SYS/broker/uptime',
  version: '$SYS/broker/version',
} as const;

export class SysPublisher {
  private timer: { cancel(): void } | null = null;
  private stopped = false;

  constructor(
    private readonly source: SysSource,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.publishNow();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  publishNow(): void {
    const s = this.source;
    const now = s.clock.now();
    const values: [string, string][] = [
      [SYS_TOPICS.clientsConnected, String(s.connectedClients)],
      [SYS_TOPICS.messagesReceived, String(s.messagesReceived)],
      [SYS_TOPICS.messagesSent, String(s.messagesSent)],
      [SYS_TOPICS.uptime, `${Math.floor((now - s.startedAt) / 1000)} seconds`],
      [SYS_TOPICS.version, s.version],
    ];
    for (const [topic, value] of values) {
      s.publishSys({ topic, payload: Buffer.from(value), qos: 0, retain: true, receivedAt: now });
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.source.clock.setTimeout(() => {
      this.publishNow();
      this.schedule();
    }, this.intervalMs);
  }
}
