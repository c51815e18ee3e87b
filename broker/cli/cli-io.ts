// What a CLI command reads and writes, injectable so commands run in-process in tests.
import type { StartBrokerDeps } from './start-broker.ts';

export interface CliIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Resolves relative paths given on the command line (default process.cwd()). */
  cwd?: string;
  /** Aborting it stops a running broker like SIGTERM does. */
  signal?: AbortSignal;
  /** Where `adduser` reads the password when --password is not given (default process.stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  deps?: StartBrokerDeps;
}

export function out(io: CliIo): (text: string) => void {
  return io.stdout ?? ((text) => process.stdout.write(text));
}

export function err(io: CliIo): (text: string) => void {
  return io.stderr ?? ((text) => process.stderr.write(text));
}
