// Test support: run the broker CLI (`broker/cli/main.ts broker …`) as a child process, wait for
// `ready` with a deadline, and stop it by its PID. Used by the end-to-end and crash tests.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const CLI_MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SpawnedBroker {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The `listening <url>` lines, in order. */
  readonly urls: string[];
  /** Everything the broker wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code/signal when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Send a signal (default SIGTERM) and wait for the exit, with a deadline. */
  stop(signal?: NodeJS.Signals, deadlineMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface RunResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function spawnCli(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts `broker <args>` and resolves once it printed `ready` (rejects on exit or deadline). */
export async function spawnBroker(args: readonly string[], deadlineMs = 20_000): Promise<SpawnedBroker> {
  const child = spawnCli(['broker', ...args]);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const urls: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`broker printed no "ready" within ${deadlineMs} ms; stderr:\n${stderr}`)); }, deadlineMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening (\S+)$/.exec(line);
      if (m) urls.push(m[1]!);
      if (line === 'ready') { clearTimeout(timer); resolve(); }
    });
    void exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`broker exited before "ready" (code ${code}, signal ${signal}); stderr:\n${stderr}`)); });
  });
  return {
    child, pid: child.pid!, urls, exited, stderr: () => stderr,
    stop: async (signal = 'SIGTERM', deadline = 15_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        exited,
        new Promise<never>((_, reject) => { timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`broker did not exit within ${deadline} ms after ${signal}`)); }, deadline); }),
      ]).finally(() => clearTimeout(timer));
      return result;
    },
  };
}

/** Runs a CLI command to completion (for commands that exit by themselves), with a deadline. */
export async function runCli(args: readonly string[], deadlineMs = 20_000): Promise<RunResult> {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  let timer: NodeJS.Timeout | undefined;
  const { code, signal } = await Promise.race([
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (c, s) => resolve({ code: c, signal: s }))),
    new Promise<never>((_, reject) => { timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${args.join(' ')} did not exit within ${deadlineMs} ms`)); }, deadlineMs); }),
  ]).finally(() => clearTimeout(timer));
  return { code, signal, stdout, stderr };
}
