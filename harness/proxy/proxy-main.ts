// `mqtt-conformance proxy --upstream mqtt://H:P --fault NAME [--port N] [--list]`: runs a FaultProxy (TCP, TLS or WebSocket, the upstream's transport unless --listen says)
// until SIGINT/SIGTERM, printing `listening mqtt://…`, `ready`, then one line per fault applied.
import { parseArgs } from 'node:util';
import { UnknownFaultError } from './fault.ts';
import { BadUpstreamError, FaultProxy, TransportMismatchError } from './fault-proxy.ts';
import { FAULTS, findFault } from './faults/index.ts';

const USAGE = 'usage: mqtt-conformance proxy --upstream mqtt://HOST:PORT|mqtts://…|ws://…/PATH|wss://…/PATH --fault NAME [--listen mqtt|mqtts|ws|wss] [--port N] | --list';

export interface ProxyMainIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the proxy should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
}

const processIo: ProxyMainIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function listing(): string[] {
  const width = Math.max(...FAULTS.map((f) => f.name.length));
  return FAULTS.map((f) => `${f.name.padEnd(width)}  ${f.description}${f.rules.length > 0 ? ` [${f.rules.join(' ')}]` : ''}`);
}

function signals(): Promise<unknown> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export async function proxyMain(argv: string[], io: ProxyMainIo = processIo): Promise<number> {
  let values: { upstream?: string; fault?: string; port?: string; listen?: string; list?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        upstream: { type: 'string' },
        fault: { type: 'string' },
        port: { type: 'string' },
        listen: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  if (values.list === true) {
    for (const line of listing()) io.out(line);
    return 0;
  }
  if (values.upstream === undefined || values.fault === undefined) {
    io.err(USAGE);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`--port must be 0..65535, got "${values.port}"`);
    return 2;
  }
  const listen = values.listen;
  if (listen !== undefined && listen !== 'mqtt' && listen !== 'mqtts' && listen !== 'ws' && listen !== 'wss') {
    io.err(`--listen must be mqtt, mqtts, ws or wss, got "${listen}"`);
    return 2;
  }
  let proxy: FaultProxy;
  try {
    proxy = new FaultProxy({ upstream: values.upstream, fault: findFault(values.fault), port, ...(listen === undefined ? {} : { listen }) });
  } catch (error) {
    if (error instanceof UnknownFaultError) {
      io.err(`unknown fault "${error.faultName}"; the faults are:\n${listing().join('\n')}`);
      return 2;
    }
    if (error instanceof BadUpstreamError || error instanceof TransportMismatchError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }
  try {
    await proxy.start();
  } catch (error) {
    io.err(`cannot listen: ${(error as Error).message}`);
    return 2;
  }
  proxy.on('fault', (event) => io.out(`fault ${event.fault} #${event.connectionId}: ${event.detail}`));
  proxy.on('hook-error', ({ connectionId, error }) => io.err(`fault ${proxy.fault.name} #${connectionId} failed (packet forwarded unchanged): ${String(error)}`));
  io.out(`listening ${proxy.url}`);
  io.out('ready');
  await (io.stopSignal ?? signals());
  await proxy.stop();
  return 0;
}
