// The CI recipes users copy (github-actions.yml, gitlab-ci.yml): valid YAML, every `mqtt-conformance`
// command line uses only flags its subcommand's --help lists (with a value where one is needed), the
// parts the issue asks for are there (broker service, --baseline gate, summary.md, reports/ artifact),
// and the suite step's script really runs, both branches, against the reference broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { spawnBroker } from '../../broker/cli/spawn-broker.ts';
import { shellCommands } from './shell-words.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const CLI = join(REPO, 'bin', 'mqtt-conformance.js');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function loadYaml(name: string): Obj {
  const doc = parseDocument(readFileSync(join(HERE, name), 'utf8'), { prettyErrors: true, uniqueKeys: true });
  assert.deepEqual(doc.errors.map((e) => e.message), [], `${name} is valid YAML`);
  assert.deepEqual(doc.warnings.map((e) => e.message), [], `${name} has no YAML warnings`);
  const value = doc.toJS() as unknown;
  assert.ok(isObj(value), `${name} is a mapping`);
  return value;
}

const github = loadYaml('github-actions.yml');
const gitlab = loadYaml('gitlab-ci.yml');

interface Script { where: string; text: string }

function githubJobs(): [string, Obj][] {
  assert.ok(isObj(github.jobs), 'github: jobs');
  return Object.entries(github.jobs).map(([name, job]) => { assert.ok(isObj(job), `job ${name}`); return [name, job]; });
}
function githubSteps(job: Obj): Obj[] {
  assert.ok(Array.isArray(job.steps), 'steps');
  return job.steps.map((s) => { assert.ok(isObj(s)); return s; });
}
const GITLAB_RESERVED = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);
function gitlabJobs(): [string, Obj][] {
  return Object.entries(gitlab).filter(([name, v]) => !GITLAB_RESERVED.has(name) && !name.startsWith('.') && isObj(v)) as [string, Obj][];
}

function scripts(): Script[] {
  const out: Script[] = [];
  for (const [name, job] of githubJobs()) {
    githubSteps(job).forEach((step, i) => { if (typeof step.run === 'string') out.push({ where: `github-actions.yml ${name} step ${i + 1}`, text: step.run }); });
  }
  for (const [name, job] of gitlabJobs()) {
    for (const key of ['before_script', 'script', 'after_script']) {
      const v = job[key];
      const lines = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
      for (const line of lines) { assert.equal(typeof line, 'string', `gitlab ${name}.${key}`); out.push({ where: `gitlab-ci.yml ${name}.${key}`, text: line as string }); }
    }
  }
  return out;
}

interface Invocation { where: string; sub: string; args: string[] }

function invocations(): Invocation[] {
  const found: Invocation[] = [];
  for (const s of scripts()) {
    for (const words of shellCommands(s.text)) {
      const at = words.indexOf('mqtt-conformance');
      if (at < 0) continue;
      found.push({ where: s.where, sub: words[at + 1] ?? '', args: words.slice(at + 2) });
    }
  }
  return found;
}

/** Flags of a subcommand, from its real --help text: name → takes a value. */
const helpCache = new Map<string, Map<string, boolean>>();
async function flagsOf(sub: string): Promise<Map<string, boolean>> {
  const cached = helpCache.get(sub);
  if (cached) return cached;
  // The installed entry point, as a user's CI calls it (not an internal parser that a refactor may rename).
  const r = await promisify(execFile)(process.execPath, [CLI, sub, '--help'], { cwd: REPO, timeout: 60_000 });
  const flags = new Map<string, boolean>();
  for (const m of r.stdout.matchAll(/^ {2}--([a-z][a-z0-9-]*)( [A-Z][A-Za-z|]*| [a-z]+(?:\|[a-z]+)+)?/gm)) flags.set(m[1]!, m[2] !== undefined);
  assert.ok(flags.size > 1, `found flags in "${sub} --help":\n${r.stdout}`);
  helpCache.set(sub, flags);
  return flags;
}

/** `$VAR` / `${VAR}` from the recipe's own variables, or undefined when it names none. */
function resolve(word: string, vars: Obj): string | undefined {
  const m = /^\$\{?([A-Z_][A-Z0-9_]*)\}?$/.exec(word);
  if (!m) return word;
  const v = vars[m[1]!];
  return typeof v === 'string' ? v : undefined;
}

function recipeVars(where: string): Obj {
  if (where.startsWith('github')) return isObj(github.env) ? github.env : {};
  const job = gitlabJobs()[0]?.[1];
  return { ...(isObj(gitlab.variables) ? gitlab.variables : {}), ...(job && isObj(job.variables) ? job.variables : {}) };
}

test('both recipes are valid YAML with the jobs the issue asks for', () => {
  assert.equal(githubJobs().length, 1);
  assert.equal(gitlabJobs().length, 1);
});

test('every mqtt-conformance command line uses only flags its subcommand has, each with a value where one is needed', async () => {
  const found = invocations();
  assert.ok(found.length >= 4, `found ${found.length} mqtt-conformance command lines`);
  for (const inv of found) {
    const flags = await flagsOf(inv.sub);
    const vars = recipeVars(inv.where);
    for (let i = 0; i < inv.args.length; i += 1) {
      const arg = inv.args[i]!;
      assert.ok(arg.startsWith('--'), `${inv.where}: "${arg}" is not a flag (mqtt-conformance ${inv.sub} takes no positional here)`);
      const [name, inline] = arg.slice(2).split(/=(.*)/s) as [string, string | undefined];
      assert.ok(flags.has(name), `${inv.where}: mqtt-conformance ${inv.sub} has no --${name} (it has: ${[...flags.keys()].join(', ')})`);
      if (!flags.get(name)) { assert.equal(inline, undefined, `${inv.where}: --${name} takes no value`); continue; }
      const value = inline ?? inv.args[i + 1];
      assert.ok(value !== undefined && !value.startsWith('--'), `${inv.where}: --${name} needs a value`);
      if (inline === undefined) i += 1;
      const literal = resolve(value, vars);
      assert.notEqual(literal, undefined, `${inv.where}: --${name} ${value} names a variable the recipe does not set`);
      if (name === 'profile' && literal !== undefined && !literal.endsWith('.json')) {
        assert.ok(existsSync(join(REPO, 'fixtures', 'profiles', `${literal}.json`)), `${inv.where}: --profile ${literal} is not a built-in profile`);
      }
      if (name === 'url') assert.match(literal ?? '', /^(mqtt|mqtts|ws|wss):\/\//, `${inv.where}: --url`);
    }
  }
});

test('GitHub Actions: a broker service, the --baseline gate, summary.md as the job summary, reports/ kept', () => {
  const [, job] = githubJobs()[0]!;
  assert.ok(isObj(job.services) && Object.values(job.services).some((s) => isObj(s) && typeof s.image === 'string' && Array.isArray(s.ports)), 'a service container with ports');
  assert.ok(invocations().some((i) => i.where.startsWith('github') && i.args.includes('--baseline')), 'gated with --baseline');
  const steps = githubSteps(job);
  const summary = steps.find((s) => typeof s.run === 'string' && s.run.includes('$GITHUB_STEP_SUMMARY'));
  assert.ok(summary && summary.if === 'always()' && String(summary.run).includes('reports/summary.md'), 'summary.md appended to $GITHUB_STEP_SUMMARY, always');
  const upload = steps.find((s) => typeof s.uses === 'string' && s.uses.startsWith('actions/upload-artifact@'));
  assert.ok(upload && upload.if === 'always()' && isObj(upload.with) && upload.with.path === 'reports/', 'reports/ uploaded, always');
});

test('GitLab CI: a broker service, the --baseline gate, summary.md in the log, reports/ and JUnit kept', () => {
  const [, job] = gitlabJobs()[0]!;
  assert.ok(Array.isArray(job.services) && job.services.some((s) => isObj(s) && typeof s.name === 'string' && typeof s.alias === 'string'), 'a service with an alias');
  assert.ok(invocations().some((i) => i.where.startsWith('gitlab') && i.args.includes('--baseline')), 'gated with --baseline');
  assert.ok(Array.isArray(job.after_script) && job.after_script.some((l) => String(l).includes('reports/summary.md')), 'summary.md printed after the job');
  const a = job.artifacts;
  assert.ok(isObj(a) && a.when === 'always' && Array.isArray(a.paths) && a.paths.includes('reports/'), 'reports/ kept, always');
  assert.ok(isObj(a.reports) && a.reports.junit === 'reports/junit.xml', 'JUnit report');
  const vars = recipeVars('gitlab');
  const alias = (job.services as Obj[])[0]!.alias as string;
  assert.match(String(vars.BROKER_URL), new RegExp(`^mqtt://${alias}:`), 'BROKER_URL names the service alias');
});

/** Runs a recipe script with bash in cwd, `npx mqtt-conformance …` going to this checkout's CLI. */
async function runScript(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const bin = join(cwd, '.bin');
  mkdirSync(bin, { recursive: true });
  // The recipes install the published package and call it through npx; here npx runs this checkout,
  // limited to the @retain scenarios so the test stays short.
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = mqtt-conformance ] || { echo "unexpected npx $1" >&2; exit 127; }\nshift\nexec "${process.execPath}" "${CLI}" "$@" --tags @retain\n`);
  chmodSync(join(bin, 'npx'), 0o755);
  const child = spawn('bash', ['-eo', 'pipefail', '-c', script], { cwd, env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH ?? ''}` }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { out += c; });
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    new Promise<number | null>((res) => child.once('exit', (c) => res(c))),
    new Promise<never>((_, rej) => { timer = setTimeout(() => { child.kill('SIGKILL'); rej(new Error(`script did not finish in 120 s:\n${out}`)); }, 120_000); }),
  ]).finally(() => clearTimeout(timer));
  return { code, out };
}

test('the recipes\' suite scripts run: first without a baseline (writes one), then gated by it; summary published', { timeout: 300_000 }, async () => {
  const broker = await spawnBroker(['--port', '0', '--memory']);
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-recipes-'));
  try {
    const url = broker.urls.find((u) => u.startsWith('mqtt://'));
    assert.ok(url, 'broker URL');
    const [, ghJob] = githubJobs()[0]!;
    const steps = githubSteps(ghJob);
    const suite = steps.find((s) => typeof s.run === 'string' && s.run.includes('mqtt-conformance run'))!;
    const summary = steps.find((s) => typeof s.run === 'string' && s.run.includes('$GITHUB_STEP_SUMMARY'))!;
    const ghEnv: Record<string, string> = { ...(github.env as Record<string, string>), BROKER_URL: url, GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md') };

    const first = await runScript(String(suite.run), dir, ghEnv);
    assert.equal(first.code, 0, `first run, no baseline:\n${first.out}`);
    assert.match(first.out, /::warning::no ci\/mqtt-conformance-baseline\.json yet/);
    assert.ok(existsSync(join(dir, 'reports', 'baseline.json')), 'reports/baseline.json written');

    mkdirSync(join(dir, 'ci'));
    copyFileSync(join(dir, 'reports', 'baseline.json'), join(dir, ghEnv.BASELINE!));
    rmSync(join(dir, 'reports'), { recursive: true });
    const gated = await runScript(String(suite.run), dir, ghEnv);
    assert.equal(gated.code, 0, `gated run:\n${gated.out}`);
    assert.doesNotMatch(gated.out, /::warning::/);
    assert.match(gated.out, /[Bb]aseline/, 'the run compares with the baseline');

    const published = await runScript(String(summary.run), dir, ghEnv);
    assert.equal(published.code, 0, published.out);
    assert.match(readFileSync(ghEnv.GITHUB_STEP_SUMMARY!, 'utf8'), /^# MQTT conformance/m, 'summary.md in the job summary');

    const [, glJob] = gitlabJobs()[0]!;
    const glEnv = { ...(recipeVars('gitlab') as Record<string, string>), BROKER_URL: url };
    rmSync(join(dir, 'reports'), { recursive: true });
    const gl = await runScript((glJob.script as string[]).join('\n'), dir, glEnv);
    assert.equal(gl.code, 0, `gitlab script, gated:\n${gl.out}`);
    const after = await runScript((glJob.after_script as string[]).join('\n'), dir, glEnv);
    assert.match(after.out, /^# MQTT conformance/m, 'summary.md printed after the job');
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
