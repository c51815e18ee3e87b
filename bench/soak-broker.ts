// The broker the soak drives, in a process of its own: a TCP listener on a free port, memory
// persistence, anonymous access, the metrics endpoint on a free port. Prints `ready <port> <metrics url>`;
// `--max-packet-size N` overrides its 1 MiB limit (bench/hostile-input.ts runs it with the old 256 MiB default);
// each `sample` line on stdin forces a GC (run with --expose-gc) and prints `sample {heapUsed, rss, ...}`.
import { createInterface } from 'node:readline';
import { ConfigAuthorizer } from '../broker/auth/config-authorizer.ts';
import { SystemClock } from '../broker/clock/system-clock.ts';
import { DEFAULT_LIMITS } from '../broker/config/defaults.ts';
import { Broker } from '../broker/core/broker.ts';
import { startListener } from '../broker/listeners/start-listeners.ts';
import { JsonLogger } from '../broker/log/json-logger.ts';
import { MemoryPersistence } from '../broker/persistence/memory/index.ts';

const logger = new JsonLogger({ level: 'warn' });
const sizeFlag = process.argv.indexOf('--max-packet-size');
const maxPacketSize = sizeFlag >= 0 ? Number(process.argv[sizeFlag + 1]) : 1024 * 1024;
const broker = new Broker({
  persistence: new MemoryPersistence(),
  authorizer: new ConfigAuthorizer({ allowAnonymous: true, users: [], acl: [] }),
  clock: new SystemClock(),
  logger,
  limits: { ...DEFAULT_LIMITS, maxPacketSize, maxConnections: 50_000 },
  sysIntervalMs: 10_000,
  version: 'soak',
  metricsPort: 0,
});
await broker.start();
const listener = await startListener({ type: 'tcp', host: '127.0.0.1', port: 0 }, broker, { logger });
process.stdout.write(`ready ${listener.port} ${broker.metricsUrl}\n`);

const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'sample') {
    gc?.();
    const m = process.memoryUsage();
    const sample = { inputBufferedBytes: broker.inputBudget.total, inputBudgetEvictions: broker.counters.inputBudgetEvictions, heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers, connections: broker.connectionCount, sessions: broker.sessions.size, gc: gc !== undefined };
    process.stdout.write(`sample ${JSON.stringify(sample)}\n`);
  } else if (line === 'stop') {
    void (async () => {
      listener.stopAccepting();
      await broker.close();
      await listener.close();
      process.exit(0);
    })();
  }
});
