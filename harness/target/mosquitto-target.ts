// Debian's Eclipse Mosquitto as a Target, in one of three set-ups:
// - stock:   `mosquitto -p PORT`, no config file: what a user who just starts Mosquitto has (2.0: loopback
//            only, anonymous clients allowed, no users, no ACL, $SYS every 10 s). Profile `mosquitto`.
// - fixture: fixtures/mosquitto/mosquitto.conf.template filled in (a password user, an ACL, $SYS every
//            second, TCP + TLS + WS + WSS), as CI baselines it. Profile `mosquitto-fixture`.
// - custom:  a config file the caller writes (bench/), on one TCP port.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CERTS_DIR, REPO_ROOT } from './paths.ts';
import { freePort, freePorts } from './ports.ts';
import { ProcessTarget } from './process-target.ts';
import type { ProcessPlan, ProcessTargetOptions } from './process-target.ts';
import { deriveUnsupported, loadProfile } from './profiles.ts';
import { TargetStartError } from './target.ts';
import type { Profile } from './target-spec.ts';
import { transportsOf } from './url-target.ts';

export const MOSQUITTO_FIXTURE_DIR = join(REPO_ROOT, 'fixtures', 'mosquitto');

export type MosquittoSetup =
  | { kind: 'stock' }
  | { kind: 'fixture' }
  /**
   * Writes the whole mosquitto.conf for `listeners` TCP listeners (default 1) on free ports: `port` is
   * the first of `ports`; `dir` is a private temp dir (mode 755, readable by the mosquitto user).
   */
  | { kind: 'custom'; config: (ctx: { port: number; ports: number[]; dir: string }) => string; description: string; listeners?: number };

export interface MosquittoTargetOptions extends ProcessTargetOptions {
  setup?: MosquittoSetup;
  /** Profile (default: `mosquitto` for stock, `mosquitto-fixture` for fixture, `default` for custom). */
  profile?: Profile;
  /** The mosquitto executable (default `mosquitto` on PATH). */
  executable?: string;
  stderr?: NodeJS.WritableStream;
}

const NOT_INSTALLED = 'is Debian\'s mosquitto installed? (apt-get install mosquitto mosquitto-clients)';

export class MosquittoTarget extends ProcessTarget {
  constructor(options: MosquittoTargetOptions = {}) {
    const setup = options.setup ?? { kind: 'stock' };
    super(`mosquitto (${setup.kind})`, () => planFor(setup, options), { readyTimeoutMs: 10_000, ...options });
  }
}

async function planFor(setup: MosquittoSetup, options: MosquittoTargetOptions): Promise<ProcessPlan> {
  const command = options.executable ?? 'mosquitto';
  const extra = options.stderr !== undefined ? { stderr: options.stderr } : {};
  if (setup.kind === 'stock') {
    const port = await freePort();
    const urls = [`mqtt://127.0.0.1:${port}`];
    return {
      command, args: ['-p', String(port)], readiness: { kind: 'ports', ports: [port], urls },
      profile: deriveUnsupported(options.profile ?? loadProfile('mosquitto'), transportsOf(urls)),
      description: 'mosquitto (stock: no config file, pid {pid})', ...extra,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-mosquitto-'));
  try {
    if (setup.kind === 'custom') {
      chmodSync(dir, 0o755);
      const ports = await freePorts(setup.listeners ?? 1);
      writeFileSync(join(dir, 'mosquitto.conf'), setup.config({ port: ports[0]!, ports, dir }));
      const urls = ports.map((p) => `mqtt://127.0.0.1:${p}`);
      return {
        command, args: ['-c', join(dir, 'mosquitto.conf')], readiness: { kind: 'ports', ports, urls },
        profile: deriveUnsupported(options.profile ?? loadProfile('default'), transportsOf(urls)),
        workDir: dir, description: `${setup.description} (pid {pid})`, ...extra,
      };
    }
    return fixturePlan(command, dir, options, extra);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function fixturePlan(command: string, dir: string, options: MosquittoTargetOptions, extra: object): Promise<ProcessPlan> {
  chmodSync(dir, 0o755);
  const [mqtt, mqtts, ws, wss] = await freePorts(4);
  const profile = options.profile ?? loadProfile('mosquitto-fixture');
  const auth = profile.auth ?? { username: 'conformance', password: 'conformance-pw' };
  const passwd = spawnSync('mosquitto_passwd', ['-b', '-c', join(dir, 'passwd'), auth.username, auth.password], { encoding: 'utf8' });
  if (passwd.status !== 0) {
    throw new TargetStartError('mosquitto (fixture)', `mosquitto_passwd failed: ${passwd.stderr || passwd.error?.message || `exit ${passwd.status}`} — ${NOT_INSTALLED}`);
  }
  const values: Record<string, string> = {
    WORK: dir, FIXTURES: join(REPO_ROOT, 'fixtures'),
    MQTT_PORT: String(mqtt), MQTTS_PORT: String(mqtts), WS_PORT: String(ws), WSS_PORT: String(wss),
  };
  const template = readFileSync(join(MOSQUITTO_FIXTURE_DIR, 'mosquitto.conf.template'), 'utf8');
  const conf = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new TargetStartError('mosquitto (fixture)', `mosquitto.conf.template uses an unknown placeholder {{${key}}}`);
    return value;
  });
  writeFileSync(join(dir, 'mosquitto.conf'), conf);
  // The certificates name "localhost"; the plain listeners are given by address.
  const urls = [`mqtt://127.0.0.1:${mqtt}`, `mqtts://localhost:${mqtts}`, `ws://127.0.0.1:${ws}`, `wss://localhost:${wss}`];
  return {
    command, args: ['-c', join(dir, 'mosquitto.conf')],
    readiness: { kind: 'ports', ports: [mqtt!, mqtts!, ws!, wss!], urls },
    profile: deriveUnsupported(profile, transportsOf(urls)),
    caFile: join(CERTS_DIR, 'ca.crt'),
    workDir: dir, description: 'mosquitto (fixtures/mosquitto config, pid {pid})', ...extra,
  };
}
