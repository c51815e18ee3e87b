// $SYS topics, published every sysIntervalMs as retained messages (kept in memory only: they are
// recomputed after a restart). Topics start with '$', so filters starting with a wildcard ('#',
// '+/...') never match them [MQTT-4.7.2-1]; only filters starting with '$SYS' do.
import type { Clock } from '../model/contracts.ts';
import type { StoredMessage } from '../model/messages.ts';

export interface SysSource {
  readonly clock: Clock;
  readonly connectedClients: number;
  readonly messagesReceived: number;
  readonly messagesSent: number;
  /** Messages dropped for a session, by reason (flow-control.ts: queue bound, QoS 0 backlog). */
  readonly messagesDropped: { queueFull: number; qos0Backlog: number };
  /** Messages not sent to a client because its read ACL denies the topic. */
  readonly readDenied: number;
  /** CONNECTs refused for bad credentials / not authorized; refused at once because too many checks ran. */
  readonly authFailures: { failed: number; busy: number };
  /** Connections closed because partial packets exceeded the input budget. */
  readonly inputBudgetEvictions: number;
  /** Sessions found to be slow consumers since start. */
  readonly slowConsumers: number;
  readonly startedAt: number;
  readonly version: string;
  /** Publish without persistence. */
  publishSys(message: StoredMessage): void;
}

export const SYS_TOPICS = {
  clientsConnected: '$SYS/broker/clients/connected',
  messagesReceived: '$SYS/broker/messages/received',
  messagesSent: '$SYS/broker/messages/sent',
  messagesDropped: '$SYS/broker/publish/messages/dropped',
  droppedQueueFull: '$SYS/broker/publish/messages/dropped/queue-full',
  droppedQos0Backlog: '$SYS/broker/publish/messages/dropped/qos0-backlog',
  slowConsumers: '$SYS/broker/clients/slow',
  readDenied: '$SYS/broker/publish/messages/read-denied',
  authFailures: '$SYS/broker/clients/auth-failures',
  authBusy: '$SYS/broker/clients/auth-busy',
  inputBudgetEvictions: '$SYS/broker/clients/input-budget-evictions',
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
      [SYS_TOPICS.messagesDropped, String(s.messagesDropped.queueFull + s.messagesDropped.qos0Backlog)],
      [SYS_TOPICS.droppedQueueFull, String(s.messagesDropped.queueFull)],
      [SYS_TOPICS.droppedQos0Backlog, String(s.messagesDropped.qos0Backlog)],
      [SYS_TOPICS.slowConsumers, String(s.slowConsumers)],
      [SYS_TOPICS.readDenied, String(s.readDenied)],
      [SYS_TOPICS.authFailures, String(s.authFailures.failed)],
      [SYS_TOPICS.authBusy, String(s.authFailures.busy)],
      [SYS_TOPICS.inputBudgetEvictions, String(s.inputBudgetEvictions)],
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
