// The brokers the scripts start by name (scripts/real-brokers.ts, scripts/flake-rate.ts): each name is
// a Target and the profile that describes it.
import { AedesTarget } from './aedes-target.ts';
import { MosquittoTarget } from './mosquitto-target.ts';
import { ReferenceBrokerTarget } from './reference-broker.ts';
import type { Target } from './target.ts';

export const TARGET_NAMES = ['reference', 'mosquitto', 'mosquitto-fixture', 'aedes'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name);
}

/** reference: the launched reference broker; mosquitto: a stock `mosquitto -p PORT`; mosquitto-fixture: fixtures/mosquitto; aedes: fixtures/brokers. */
export function namedTarget(name: TargetName, options: { brokerArgs?: string[] } = {}): Target {
  switch (name) {
    case 'reference':
      return new ReferenceBrokerTarget(options.brokerArgs !== undefined ? { brokerArgs: options.brokerArgs } : {});
    case 'mosquitto':
      return new MosquittoTarget({ setup: { kind: 'stock' } });
    case 'mosquitto-fixture':
      return new MosquittoTarget({ setup: { kind: 'fixture' } });
    case 'aedes':
      return new AedesTarget();
  }
}
