export { createBrokerMetrics } from './broker-metrics.ts';
export type { MetricsSource } from './broker-metrics.ts';
export { startMetricsServer, MetricsServerError } from './metrics-server.ts';
export type { RunningMetricsServer } from './metrics-server.ts';
