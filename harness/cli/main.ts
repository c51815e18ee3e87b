// The `mqtt-conformance` CLI: run, compare, broker, adduser, proxy, --help, --version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../target/index.ts';
import { UsageError } from './args.ts';
import { compareCommand } from './compare-command.ts';
import { runCommand } from './run-command.ts';
import type { RunIo } from './run-conformance.ts';

export const HELP = `Usage: mqtt-conformance <command> [options]

Commands:
  run        run the conformance suite against a broker (default: the launched reference broker)
  compare    side-by-side Markdown table of several conformance.json reports
  broker     start the reference broker
  adduser    add a user (salted scrypt hash) to a broker users file
  proxy      start the fault-injecting MQTT proxy

Run "mqtt-conformance <command> --help" for a command's options.
  --help       show this help
  --version    show the version
`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

type Entry = (argv: string[]) => Promise<number>;

/** Loads another area's CLI function lazily, so a missing module breaks only its own subcommand. */
async function delegate(command: string, modulePath: string, exportName: string, argv: string[], io: RunIo): Promise<number> {
  let entry: Entry | undefined;
  try {
    const mod = (await import(modulePath)) as Record<string, unknown>;
    entry = typeof mod[exportName] === 'function' ? (mod[exportName] as Entry) : undefined;
  } catch (error) {
    io.stderr.write(`mqtt-conformance ${command}: not available (${(error as Error).message})\n`);
    return 2;
  }
  if (entry === undefined) {
    io.stderr.write(`mqtt-conformance ${command}: not available (${modulePath} does not export ${exportName})\n`);
    return 2;
  }
  return await entry(argv);
}

export async function main(argv: string[], io: RunIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.stdout.write(`mqtt-conformance ${version()}\n`);
        return 0;
      case 'run':
        return await runCommand(rest, io);
      case 'compare':
        return compareCommand(rest, io);
      case 'broker':
        return await delegate('broker', '../../broker/cli/index.ts', 'brokerMain', rest, io);
      case 'adduser':
        return await delegate('adduser', '../../broker/cli/index.ts', 'adduserMain', rest, io);
      case 'proxy':
        return await delegate('proxy', '../proxy/index.ts', 'proxyMain', rest, io);
      default:
        throw new UsageError(`unknown command "${command}" (commands: run, compare, broker, adduser, proxy; see mqtt-conformance --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`mqtt-conformance: ${error.message}\n`);
      return 2;
    }
    if (error instanceof Error && (error.name === 'BaselineError' || error.name === 'ProfileError' || error.name === 'TargetError')) {
      io.stderr.write(`mqtt-conformance: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
