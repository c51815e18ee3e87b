export { brokerMain } from './broker-main.ts';
export { adduserMain } from './adduser-main.ts';
export { startBroker, createPersistence, BROKER_VERSION } from './start-broker.ts';
export type { BrokerFactory, RunningBroker, StartBrokerDeps } from './start-broker.ts';
export { parseBrokerArgs, parseAdduserArgs, ArgsError, BROKER_USAGE, ADDUSER_USAGE } from './args.ts';
export type { BrokerArgs, AdduserArgs } from './args.ts';
export { applyFlags } from './apply-flags.ts';
export type { CliIo } from './cli-io.ts';
