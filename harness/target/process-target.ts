// A broker we start as a child process: spawn it, wait until it listens (its "listening <url>" lines
// on stdout, or TCP ports accepting connections), and stop it with SIGTERM (SIGKILL after a grace
// period). The reference broker, Mosquitto and Aedes are all started this way.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { waitForPort } from './ports.ts';
import { TargetStartError } from './target.ts';
import type { StartedTarget, Target, TargetKind, TargetStopResult } from './target.ts';
import type { Profile } from './target-spec.ts';
import { transportsOf } from './url-target.ts';

/** How to tell the process is up. */
export type Readiness =
  /** It prints `listening <url>` per listener; up at the line `readyLine`, or at the first URL when none is given. */
  | { kind: 'stdout'; readyLine?: string }
  /** It prints nothing useful: up once every port accepts TCP connections; these are its URLs. */
  | { kind: 'ports'; ports: number[]; urls: string[] };

/** Everything needed to launch one process; built fresh by each start() (free ports, temp dirs). */
export interface ProcessPlan {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  readiness: Readiness;
  /** Profile of what this launch offers (missing transports etc. already in unsupported). */
  profile: Profile;
  caFile?: string;
  /** Removed when the process has stopped (or failed to start). */
  workDir?: string;
  /** For the StartedTarget's description; `{pid}` is replaced. */
  description: string;
  /** Where to copy the process's stderr as it comes (default: kept, shown only if the start fails). */
  stderr?: NodeJS.WritableStream;
}

export interface ProcessTargetOptions {
  /** Deadline for readiness (default 30 s). */
  readyTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL on stop (default 10 s). */
  killAfterMs?: number;
  kind?: TargetKind;
}

const TAIL_LINES = 40;

export class ProcessTarget implements Target {
  readonly kind: TargetKind;

  constructor(readonly name: string, private readonly plan: () => Promise<ProcessPlan>, private readonly options: ProcessTargetOptions = {}) {
    this.kind = options.kind ?? 'process';
  }

  async start(): Promise<StartedTarget> {
    let plan: ProcessPlan;
    try {
      plan = await this.plan();
    } catch (error) {
      if (error instanceof TargetStartError) throw error;
      throw new TargetStartError(this.name, (error as Error).message);
    }
    return await launchProcess(this.name, this.kind, plan, this.options);
  }
}

/** Spawns the plan's process and waits for it to be ready; the StartedTarget stops it. */
export async function launchProcess(name: string, kind: TargetKind, plan: ProcessPlan, options: ProcessTargetOptions): Promise<StartedTarget> {
  const removeWork = (): void => { if (plan.workDir !== undefined) rmSync(plan.workDir, { recursive: true, force: true }); };
  const tail: string[] = [];
  const keep = (chunk: string): void => {
    tail.push(...chunk.split('\n').filter((l) => l !== ''));
    if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
  };
  let child: ChildProcess;
  try {
    child = spawn(plan.command, plan.args, { cwd: plan.cwd, env: plan.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    removeWork();
    throw new TargetStartError(name, `could not spawn ${plan.command}: ${(error as Error).message}`);
  }
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => { plan.stderr?.write(chunk); keep(chunk); });
  let exit: TargetStopResult | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<TargetStopResult>((resolve) => {
    child.once('error', (error) => { spawnError = error; });
    child.once('close', (code, signal) => { exit = { code, signal }; resolve(exit); });
  });
  const gone = (): string | undefined => spawnError !== undefined ? `could not start ${plan.command}: ${spawnError.message}`
    : exit !== undefined ? `exited (code ${exit.code}, signal ${exit.signal})` : undefined;

  const deadlineMs = options.readyTimeoutMs ?? 30_000;
  let urls: string[];
  try {
    urls = plan.readiness.kind === 'stdout'
      ? await readyFromStdout(child, plan.readiness.readyLine, deadlineMs, gone, exited, keep)
      : await readyFromPorts(plan.readiness, deadlineMs, gone);
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    removeWork();
    throw new TargetStartError(name, (error as Error).message, tail.join('\n'));
  }
  // Keep draining stdout so the process never blocks on a full pipe.
  child.stdout?.resume();

  let stopping: Promise<TargetStopResult> | undefined;
  const stop = (): Promise<TargetStopResult> => {
    stopping ??= (async () => {
      if (exit === undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 10_000);
      const result = await exited;
      clearTimeout(killTimer);
      removeWork();
      return result;
    })();
    return stopping;
  };
  const pid = child.pid ?? -1;
  const started: StartedTarget = {
    kind,
    description: plan.description.replace('{pid}', String(pid)),
    urls,
    transports: transportsOf(urls),
    profile: plan.profile,
    pid,
    stop,
    [Symbol.asyncDispose]: async () => { await stop(); },
    ...(plan.caFile !== undefined ? { caFile: plan.caFile } : {}),
  };
  return started;
}

function readyFromStdout(child: ChildProcess, readyLine: string | undefined, deadlineMs: number, gone: () => string | undefined,
  exited: Promise<TargetStopResult>, keep: (line: string) => void): Promise<string[]> {
  const urls: string[] = [];
  return new Promise<string[]>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const done = (error?: Error): void => {
      clearTimeout(timer);
      lines.removeAllListeners('line');
      lines.close();
      if (error !== undefined) reject(error);
      else resolve(urls);
    };
    const waitingFor = readyLine === undefined ? 'a "listening <url>" line' : `"${readyLine}"`;
    const timer = setTimeout(() => done(new Error(`printed no ${waitingFor} within ${deadlineMs} ms`)), deadlineMs);
    lines.on('line', (raw) => {
      const line = raw.trim();
      keep(line);
      const m = /^listening\s+(\S+)/.exec(line);
      if (m?.[1] !== undefined) {
        urls.push(m[1]);
        if (readyLine === undefined) done();
      } else if (readyLine !== undefined && line === readyLine) {
        done(urls.length === 0 ? new Error(`printed "${readyLine}" but no "listening <url>" line`) : undefined);
      }
    });
    void exited.then(({ code, signal }) => {
      const spawnFailure = gone();
      done(new Error(spawnFailure?.startsWith('could not start') === true ? spawnFailure : `exited before ${waitingFor} (code ${code}, signal ${signal})`));
    });
  });
}

async function readyFromPorts(readiness: Extract<Readiness, { kind: 'ports' }>, deadlineMs: number, gone: () => string | undefined): Promise<string[]> {
  const until = Date.now() + deadlineMs;
  for (const port of readiness.ports) await waitForPort(port, { deadlineMs: Math.max(0, until - Date.now()), gone });
  return readiness.urls;
}
