// The launched reference broker as a Target: a generated config (built from the profile, in a temp
// dir with throwaway SQLite data), started through the CLI bin, ready at its `ready` line, stopped
// with SIGTERM. Extra CLI flags (`--broker-arg`) go after `--config FILE`, so they override the config
// (e.g. `--mysql=mysql://…` for the MySQL backend, `--memory`, `--log-level debug`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, REPO_ROOT } from './paths.ts';
import { launchProcess } from './process-target.ts';
import { loadProfile } from './profiles.ts';
import { buildReferenceConfig } from './reference-config.ts';
import type { ReferenceBrokerConfig, ReferenceListener } from './reference-config.ts';
import { TargetStartError } from './target.ts';
import type { StartedTarget, Target, TargetStopResult } from './target.ts';
import type { Profile } from './target-spec.ts';

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
  /** $SYS interval of the launched broker (default 1000 ms; 0 = no $SYS topics). */
  sysIntervalMs?: number;
  /** Extra flags for `mqtt-conformance broker`, after `--config FILE` (they override it). */
  brokerArgs?: string[];
  /** Command to start instead of `node bin/mqtt-conformance.js broker --config FILE` (tests); `{config}` is replaced. */
  command?: string[];
  /** Password hashing (default: hashPassword from broker/auth/index.ts). */
  hashPassword?: (password: string) => Promise<string>;
  /** Where to copy the broker's stderr (default: kept, shown only if the start fails). */
  stderr?: NodeJS.WritableStream;
  /** For the StartedTarget's description (default "reference broker"). */
  label?: string;
}

/** Kept for callers of the earlier launcher: the same as TargetStopResult. */
export type StopResult = TargetStopResult;

export interface LaunchedBroker extends StartedTarget {
  readonly pid: number;
  /** The generated configuration the broker was started with. */
  readonly config: ReferenceBrokerConfig;
}

async function defaultHash(password: string): Promise<string> {
  const auth = (await import('../../broker/auth/index.ts')) as { hashPassword: (pw: string) => Promise<string> };
  return await auth.hashPassword(password);
}

export class ReferenceBrokerTarget implements Target {
  readonly kind = 'reference' as const;
  readonly name = 'the reference broker';

  constructor(private readonly options: LaunchOptions = {}) {}

  async start(): Promise<LaunchedBroker> {
    const options = this.options;
    const profile = options.profile ?? loadProfile('reference');
    const tmp = mkdtempSync(join(tmpdir(), 'mqttc-ref-'));
    let built: Awaited<ReturnType<typeof buildReferenceConfig>>;
    let configFile: string;
    try {
      const configOptions: Parameters<typeof buildReferenceConfig>[1] = {
        dataDir: join(tmp, 'data'),
        hashPassword: options.hashPassword ?? defaultHash,
      };
      if (options.logLevel !== undefined) configOptions.logLevel = options.logLevel;
      if (options.listenerTypes !== undefined) configOptions.listenerTypes = options.listenerTypes;
      if (options.sysIntervalMs !== undefined) configOptions.sysIntervalMs = options.sysIntervalMs;
      built = await buildReferenceConfig(profile, configOptions);
      configFile = join(tmp, 'broker.json');
      writeFileSync(configFile, `${JSON.stringify(built.config, null, 2)}\n`);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw new TargetStartError(this.name, `could not prepare its configuration: ${(error as Error).message}`);
    }
    const argv = [...(options.command ?? [process.execPath, BIN, 'broker', '--config', '{config}']), ...(options.brokerArgs ?? [])]
      .map((a) => a.replace('{config}', configFile));
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (!(env['NODE_OPTIONS'] ?? '').includes('--import tsx')) env['NODE_OPTIONS'] = `${env['NODE_OPTIONS'] ?? ''} --import tsx`.trim();
    if (options.coverageDir !== undefined) env['NODE_V8_COVERAGE'] = options.coverageDir;
    const started = await launchProcess(this.name, 'reference', {
      command: argv[0] ?? process.execPath,
      args: argv.slice(1),
      cwd: REPO_ROOT,
      env,
      readiness: { kind: 'stdout', readyLine: 'ready' },
      profile: { ...profile, unsupported: { ...built.unsupported, ...profile.unsupported } },
      workDir: tmp,
      description: `${options.label ?? 'reference broker'} (pid {pid})`,
      ...(built.caFile !== undefined ? { caFile: built.caFile } : {}),
      ...(options.stderr !== undefined ? { stderr: options.stderr } : {}),
    }, { readyTimeoutMs: options.readyTimeoutMs ?? 30_000 });
    return { ...started, pid: started.pid ?? -1, config: built.config };
  }
}

/** Starts the reference broker (see ReferenceBrokerTarget); rejects with TargetStartError. */
export async function launchReferenceBroker(options: LaunchOptions = {}): Promise<LaunchedBroker> {
  return await new ReferenceBrokerTarget(options).start();
}
