// Launches the reference broker as a child process (through the CLI bin, with a generated config
// in a temp dir), waits for its `ready` line with a deadline, and stops it with SIGTERM.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BIN, REPO_ROOT } from './paths.ts';
import { loadProfile } from './profiles.ts';
import { buildReferenceConfig } from './reference-config.ts';
import type { ReferenceBrokerConfig, ReferenceListener } from './reference-config.ts';
import type { Profile, Transport } from './target-spec.ts';
import { transportOf } from './url-target.ts';

export class BrokerStartError extends Error {
  constructor(message: string, readonly stderr: string) {
    super(stderr.trim() === '' ? message : `${message}\n--- broker stderr (last lines) ---\n${stderr.trimEnd()}`);
    this.name = 'BrokerStartError';
  }
}

export interface LaunchOptions {
  /** Profile to launch for (default: fixtures/profiles/reference.json). */
  profile?: Profile;
  /** Deadline for the `ready` line (default 30 s). */
  readyTimeoutMs?: number;
  /** Directory for V8 coverage (NODE_V8_COVERAGE of the broker process). */
  coverageDir?: string;
  /** Listener types to open (default: tcp, tls, ws, wss). */
  listenerTypes?: ReferenceListener['type'][];
  logLevel?: string;
  /** Command to start instead of `node bin/mqtt-conformance.js broker --config FILE` (tests); `{config}` is replaced. */
  command?: string[];
  /** Password hashing (default: hashPassword from broker/auth/index.ts). */
  hashPassword?: (password: string) => Promise<string>;
  /** Where to copy the broker's stderr (default: kept, shown only if the start fails). */
  stderr?: NodeJS.WritableStream;
}

export interface StopResult { code: number | null; signal: NodeJS.Signals | null }

export interface LaunchedBroker {
  urls: string[];
  transports: Partial<Record<Transport, string>>;
  /** The profile, with the capabilities this launch lacks added to unsupported. */
  profile: Profile;
  caFile?: string;
  config: ReferenceBrokerConfig;
  pid: number;
  stop(): Promise<StopResult>;
}

async function defaultHash(password: string): Promise<string> {
  const auth = (await import('../../broker/auth/index.ts')) as { hashPassword: (pw: string) => Promise<string> };
  return await auth.hashPassword(password);
}

export async function launchReferenceBroker(options: LaunchOptions = {}): Promise<LaunchedBroker> {
  const profile = options.profile ?? loadProfile('reference');
  const tmp = mkdtempSync(join(tmpdir(), 'mqttc-ref-'));
  const removeTmp = (): void => rmSync(tmp, { recursive: true, force: true });
  let child: ChildProcess;
  let built: Awaited<ReturnType<typeof buildReferenceConfig>>;
  try {
    const configOptions: Parameters<typeof buildReferenceConfig>[1] = {
      dataDir: join(tmp, 'data'),
      hashPassword: options.hashPassword ?? defaultHash,
    };
    if (options.logLevel !== undefined) configOptions.logLevel = options.logLevel;
    if (options.listenerTypes !== undefined) configOptions.listenerTypes = options.listenerTypes;
    built = await buildReferenceConfig(profile, configOptions);
    const configFile = join(tmp, 'broker.json');
    writeFileSync(configFile, `${JSON.stringify(built.config, null, 2)}\n`);
    const argv = (options.command ?? [process.execPath, BIN, 'broker', '--config', '{config}'])
      .map((a) => a.replace('{config}', configFile));
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (!(env['NODE_OPTIONS'] ?? '').includes('--import tsx')) env['NODE_OPTIONS'] = `${env['NODE_OPTIONS'] ?? ''} --import tsx`.trim();
    if (options.coverageDir !== undefined) env['NODE_V8_COVERAGE'] = options.coverageDir;
    child = spawn(argv[0] ?? process.execPath, argv.slice(1), { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    removeTmp();
    throw error;
  }

  const stderrTail: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    options.stderr?.write(chunk);
    stderrTail.push(...chunk.split('\n'));
    if (stderrTail.length > 40) stderrTail.splice(0, stderrTail.length - 40);
  });
  const exited = new Promise<StopResult>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const urls: string[] = [];
  const deadline = options.readyTimeoutMs ?? 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BrokerStartError(`reference broker printed no "ready" within ${deadline} ms`, stderrTail.join('\n'))), deadline);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const m = /^listening\s+(\S+)/.exec(line.trim());
        if (m?.[1] !== undefined) urls.push(m[1]);
        else if (line.trim() === 'ready') { clearTimeout(timer); resolve(); }
      });
      child.once('error', (error) => { clearTimeout(timer); reject(new BrokerStartError(`could not start the reference broker: ${error.message}`, '')); });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new BrokerStartError(`reference broker exited before "ready" (code ${code}, signal ${signal})`, stderrTail.join('\n')));
      });
    });
    if (urls.length === 0) throw new BrokerStartError('reference broker printed "ready" but no "listening <url>" line', stderrTail.join('\n'));
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    removeTmp();
    throw error;
  }

  const transports: Partial<Record<Transport, string>> = {};
  for (const url of urls) {
    const t = transportOf(url);
    if (transports[t] === undefined) transports[t] = url;
  }
  let stopping: Promise<StopResult> | undefined;
  const stop = (): Promise<StopResult> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(killTimer);
      removeTmp();
      return result;
    })();
    return stopping;
  };
  const launched: LaunchedBroker = {
    urls,
    transports,
    profile: { ...profile, unsupported: { ...built.unsupported, ...profile.unsupported } },
    config: built.config,
    pid: child.pid ?? -1,
    stop,
  };
  if (built.caFile !== undefined) launched.caFile = built.caFile;
  return launched;
}
