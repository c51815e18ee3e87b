// The brokers the bench compares, each in its own process on a free loopback port, started through the
// harness's Target seam (harness/target): the same launchers the runner and scripts/ use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AedesTarget, MosquittoTarget, ReferenceBrokerTarget, TargetStartError, loadProfile } from '../harness/target/index.ts';
import type { StartedTarget, Target } from '../harness/target/index.ts';

export type BrokerName = 'reference' | 'mosquitto' | 'aedes';
export const BROKERS: readonly BrokerName[] = ['reference', 'mosquitto', 'aedes'];

export interface RunningBroker {
  name: BrokerName;
  /** What this instance is, for the report: e.g. "reference (SQLite, WAL+FULL)". */
  description: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export class BrokerStartError extends Error {
  constructor(readonly broker: BrokerName, message: string) {
    super(`${broker}: ${message}`);
    this.name = 'BrokerStartError';
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));
/** Every broker started and not yet stopped, so an interrupted run can stop them all. */
const live = new Set<RunningBroker>();

export async function stopAllBrokers(): Promise<void> {
  await Promise.all([...live].map((b) => b.stop()));
}
const START_DEADLINE_MS = 20_000;

export function referenceAvailable(): boolean {
  return existsSync(join(root, 'bin/mqtt-conformance.js')) && existsSync(join(root, 'broker/cli/main.ts'));
}

const DESCRIPTIONS: Record<BrokerName, string> = {
  reference: 'reference broker (SQLite file, WAL + synchronous=FULL)',
  aedes: 'Aedes 1.2 (in-memory persistence)',
  mosquitto: 'Mosquitto 2.0.11 (persistence true: periodic snapshot, not per message)',
};

function targetOf(name: BrokerName): Target {
  switch (name) {
    case 'reference':
      // TCP only, no users or ACL rules (profile `default`), no $SYS, errors only in the log.
      return new ReferenceBrokerTarget({
        profile: loadProfile('default'), listenerTypes: ['tcp'], logLevel: 'error', sysIntervalMs: 0, readyTimeoutMs: START_DEADLINE_MS,
      });
    case 'aedes':
      return new AedesTarget({ readyTimeoutMs: START_DEADLINE_MS });
    case 'mosquitto':
      return new MosquittoTarget({
        readyTimeoutMs: START_DEADLINE_MS,
        setup: {
          kind: 'custom',
          description: DESCRIPTIONS.mosquitto,
          config: ({ port, dir }) => [
            `listener ${port} 127.0.0.1`,
            'allow_anonymous true',
            'persistence true',
            `persistence_location ${dir}/`,
            'log_dest none',
            // Room for the bench's bounded windows (default 1000 would drop queued QoS 1 under fan-out).
            'max_queued_messages 100000',
            '',
          ].join('\n'),
        },
      });
  }
}

export async function startBroker(name: BrokerName): Promise<RunningBroker> {
  let started: StartedTarget;
  try {
    started = await targetOf(name).start();
  } catch (error) {
    if (error instanceof TargetStartError) throw new BrokerStartError(name, error.message);
    throw error;
  }
  const url = started.transports.mqtt;
  if (url === undefined || started.pid === undefined) {
    await started.stop();
    throw new BrokerStartError(name, `started without a TCP listener or a pid (${started.urls.join(' ')})`);
  }
  const broker: RunningBroker = {
    name,
    description: DESCRIPTIONS[name],
    port: Number(new URL(url).port),
    pid: started.pid,
    async stop() {
      live.delete(broker);
      await started.stop();
    },
  };
  live.add(broker);
  return broker;
}
