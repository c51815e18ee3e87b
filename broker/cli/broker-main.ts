// `mqtt-conformance broker`: start the reference broker and run until SIGINT/SIGTERM.
// stdout contract: one `listening <url>` line per listener, then `ready` once all are up.
// Exit codes: 0 stopped cleanly; 1 could not start (port in use, storage error) or unclean stop;
// 2 bad flag, bad config, or a MySQL server that cannot be used as given (the message names the cause and the fix).
import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/load-config.ts';
import { MysqlSetupError } from '../persistence/mysql/mysql-url.ts';
import { ArgsError, BROKER_USAGE, parseBrokerArgs } from './args.ts';
import { applyFlags } from './apply-flags.ts';
import type { CliIo } from './cli-io.ts';
import { err, out } from './cli-io.ts';
import { BROKER_VERSION, startBroker } from './start-broker.ts';
import type { RunningBroker } from './start-broker.ts';

const STOP_DEADLINE_MS = 10_000;

const HELP = `usage: ${BROKER_USAGE}

  --config FILE        JSON config (listeners, persistence, auth, acl, limits, sys, log)
  --host HOST          host of the first tcp listener (default 127.0.0.1)
  --port N             port of the first tcp listener (default 1883; 0 = any free port)
  --data DIR           SQLite persistence in DIR/broker.db (default ./data)
  --memory             no persistence: state lives in memory only
  --mysql URL          MySQL/MariaDB persistence: mysql://user:password@host:3306/database
                       (the database must exist; the URL is visible in ps: prefer "mysql" in --config)
  --log-level LEVEL    debug | info | warn | error (default info); logs are JSON lines on stderr
  --sys-interval MS    publish $SYS topics every MS ms (0 = off; default 10000)

stdout: "listening <url>" per listener, then "ready". SIGINT/SIGTERM stop it (exit 0).
`;

export async function brokerMain(argv: string[], io: CliIo = {}): Promise<number> {
  const stdout = out(io);
  const stderr = err(io);
  const cwd = io.cwd ?? process.cwd();
  let running: RunningBroker;
  try {
    const args = parseBrokerArgs(argv);
    if (args.help) { stdout(HELP); return 0; }
    if (args.version) { stdout(`${BROKER_VERSION}\n`); return 0; }
    const config = applyFlags(loadConfig({ ...(args.config !== undefined ? { file: args.config } : {}), cwd }), args, cwd);
    running = await startBroker(config, io.deps ?? {});
  } catch (error) {
    // A MySQL server that cannot be used as given (URL, credentials, reachability, database, schema) is a setup error too.
    if (error instanceof ArgsError || error instanceof ConfigError || error instanceof MysqlSetupError) {
      stderr(`mqtt-conformance broker: ${error.message}\n`);
      return 2;
    }
    stderr(`mqtt-conformance broker: cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  for (const url of running.urls) stdout(`listening ${url}\n`);
  if (running.metricsUrl !== undefined) stdout(`metrics ${running.metricsUrl}\n`);
  stdout('ready\n');

  const reason = await waitForStop(io.signal);
  try {
    await withDeadline(running.stop(), STOP_DEADLINE_MS);
    return 0;
  } catch (error) {
    stderr(`mqtt-conformance broker: unclean stop after ${reason}: ${(error as Error).message}\n`);
    return 1;
  }
}

function waitForStop(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (name: string) => () => { cleanup(); resolve(name); };
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    const onAbort = onSignal('abort');
    const cleanup = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
    };
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`did not stop within ${ms} ms`)), ms); });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
