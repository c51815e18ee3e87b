// Runs the conformance suite against real brokers no one here wrote — Debian's Mosquitto and
// Aedes from npm — and compares each run with its committed baseline (fixtures/baselines/NAME.json):
// any difference in either direction fails, so a baseline always says what the broker really does.
//   node --import tsx scripts/real-brokers.ts [mosquitto] [aedes] [--update-baselines]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'fixtures');
const STARTUP_DEADLINE_MS = 10_000;

interface Started {
  urls: string[];
  process: ChildProcess;
  cleanup(): void;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

/** Resolves once a TCP connection to the port succeeds; retries on refusal until the deadline. */
async function waitForPort(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the broker exited with code ${child.exitCode} before listening on ${port}`);
    const ok = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); done(true); });
      socket.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listened on 127.0.0.1:${port} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startMosquitto(): Promise<Started> {
  const work = mkdtempSync(join(tmpdir(), 'mqttc-mosquitto-'));
  const ports = { MQTT_PORT: await freePort(), MQTTS_PORT: await freePort(), WS_PORT: await freePort(), WSS_PORT: await freePort() };
  const passwd = spawnSync('mosquitto_passwd', ['-b', '-c', join(work, 'passwd'), 'conformance', 'conformance-pw'], { encoding: 'utf8' });
  if (passwd.status !== 0) throw new Error(`mosquitto_passwd failed: ${passwd.stderr || passwd.error?.message} (is Debian's mosquitto installed?)`);
  const values: Record<string, string> = { WORK: work, FIXTURES, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  const conf = readFileSync(join(FIXTURES, 'mosquitto', 'mosquitto.conf.template'), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
  writeFileSync(join(work, 'mosquitto.conf'), conf);
  const child = spawn('mosquitto', ['-c', join(work, 'mosquitto.conf')], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (const port of Object.values(ports)) await waitForPort(port, child, STARTUP_DEADLINE_MS);
  return {
    urls: [`mqtt://127.0.0.1:${ports.MQTT_PORT}`, `mqtts://localhost:${ports.MQTTS_PORT}`, `ws://127.0.0.1:${ports.WS_PORT}`, `wss://localhost:${ports.WSS_PORT}`],
    process: child,
    cleanup: () => rmSync(work, { recursive: true, force: true }),
  };
}

async function startAedes(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, 'brokers', 'aedes-server.ts'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`Aedes printed no "listening" line within ${STARTUP_DEADLINE_MS} ms`)), STARTUP_DEADLINE_MS);
    lines.on('line', (line) => {
      const match = /^listening (\S+)/.exec(line);
      if (match?.[1] !== undefined) { clearTimeout(timer); ok(match[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`Aedes exited with code ${code} before listening`)); });
  });
  return { urls: [url], process: child, cleanup: () => undefined };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const BROKERS: Record<string, () => Promise<Started>> = { mosquitto: startMosquitto, aedes: startAedes };

async function runOne(name: string, update: boolean): Promise<number> {
  const started = await BROKERS[name]!();
  const out = join(ROOT, 'reports', name);
  const baseline = join(FIXTURES, 'baselines', `${name}.json`);
  const args = ['bin/mqtt-conformance.js', 'run', '--profile', name, '--out', out, '--ca', join(FIXTURES, 'certs', 'ca.crt')];
  for (const url of started.urls) args.push('--url', url);
  if (!update) {
    if (!existsSync(baseline)) {
      console.error(`${name}: no baseline at ${baseline}; create it with --update-baselines after checking every failure against the spec`);
      await stop(started.process);
      return 1;
    }
    args.push('--baseline', baseline, '--baseline-exact');
  }
  console.log(`\n== ${name}: ${started.urls.join(' ')}`);
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  await stop(started.process);
  started.cleanup();
  if (update && existsSync(join(out, 'conformance.json'))) {
    copyFileSync(join(out, 'conformance.json'), baseline);
    console.log(`${name}: baseline written to ${baseline}`);
    return run.status === 2 ? 2 : 0;
  }
  return run.status ?? 2;
}

const argv = process.argv.slice(2);
const update = argv.includes('--update-baselines');
const names = argv.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in BROKERS));
if (unknown.length > 0) {
  console.error(`unknown broker ${unknown.join(', ')}: choose from ${Object.keys(BROKERS).join(', ')}`);
  process.exit(2);
}
let worst = 0;
for (const name of names.length > 0 ? names : Object.keys(BROKERS)) {
  const code = await runOne(name, update);
  console.log(`${name}: ${code === 0 ? 'matches its baseline' : code === 1 ? 'DIFFERS from its baseline (or failed)' : 'could not be run'}`);
  worst = Math.max(worst, code);
}
process.exit(worst);
