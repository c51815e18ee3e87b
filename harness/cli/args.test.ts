import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { UsageError } from './args.ts';
import { main } from './main.ts';
import { parseRunArgs } from './run-command.ts';

function capture(): { io: { stdout: Writable; stderr: Writable }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const w = (append: (s: string) => void): Writable => new Writable({ write(chunk, _e, done) { append(String(chunk)); done(); } });
  return { io: { stdout: w((s) => { out += s; }), stderr: w((s) => { err += s; }) }, out: () => out, err: () => err };
}

test('run flags parse into options, --url repeatable, --flag=value accepted', () => {
  const o = parseRunArgs(['--url', 'mqtt://127.0.0.1:1883', '--url=ws://127.0.0.1:8080/mqtt', '--profile', 'mosquitto',
    '--parallel', '3', '--time-scale', '2.5', '--baseline', 'b.json', '--baseline-exact', '--tags', '@qos1 and not @slow']);
  assert.notEqual(o, 'help');
  if (o === 'help') return;
  assert.deepEqual(o.urls, ['mqtt://127.0.0.1:1883', 'ws://127.0.0.1:8080/mqtt']);
  assert.equal(o.profile, 'mosquitto');
  assert.equal(o.parallel, 3);
  assert.equal(o.timeScale, 2.5);
  assert.equal(o.baselineExact, true);
  assert.equal(o.tags, '@qos1 and not @slow');
  assert.equal(o.out, 'reports');
});

test('--broker-arg is repeatable and takes a value that is itself a flag', () => {
  const o = parseRunArgs(['--broker-arg', '--memory', '--broker-arg=--log-level=debug', '--broker-arg', '--mysql=mysql://u:p@127.0.0.1:3306/mqtt', '--tags', '@qos1']);
  assert.notEqual(o, 'help');
  if (o === 'help') return;
  assert.deepEqual(o.brokerArgs, ['--memory', '--log-level=debug', '--mysql=mysql://u:p@127.0.0.1:3306/mqtt']);
  assert.equal(o.tags, '@qos1');
  const none = parseRunArgs([]);
  assert.ok(none !== 'help' && none.brokerArgs === undefined);
});

test('argument errors name the flag and the fix', () => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /unknown option --bogus for "run"/],
    [['--url'], /--url needs a value, e\.g\. --url mqtt:\/\//],
    [['--url', '--profile', 'x'], /--url needs a value/],
    [['--parallel', 'two'], /--parallel must be an integer ≥ 1 \(got "two"\)/],
    [['--parallel', '0'], /--parallel must be an integer ≥ 1 \(got "0"\)/],
    [['--parallel', '1.5'], /--parallel must be an integer/],
    [['--time-scale', '-1'], /--time-scale must be a number > 0 \(got "-1"\)/],
    [['--coverage=yes'], /--coverage takes no value/],
    [['--baseline-exact'], /--baseline-exact needs --baseline FILE/],
    [['--coverage', '--url', 'mqtt://x'], /--coverage works only with the launched reference broker/],
    [['--broker-arg'], /--broker-arg needs a value, e\.g\. --broker-arg --memory/],
    [['--broker-arg', '--memory', '--url', 'mqtt://x'], /--broker-arg is for the launched reference broker; it cannot be used with --url/],
    [['mqtt://127.0.0.1'], /unexpected argument "mqtt:\/\/127\.0\.0\.1".*--url/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseRunArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  }
});

test('main returns 2 with a message for usage errors and unknown commands', async () => {
  for (const [argv, message] of [
    [['run', '--parallel', 'x'], /--parallel must be an integer/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['compare'], /compare needs at least one conformance\.json/],
    [['compare', 'a.json', '--rows', 'cols'], /--rows must be statements, scenarios or both/],
    [['run', '--profile', 'no-such-profile'], /profile no-such-profile: not found/],
    [['run', '--url', 'http://127.0.0.1:1'], /unsupported scheme "http:"/],
  ] as [string[], RegExp][]) {
    const c = capture();
    assert.equal(await main(argv, c.io), 2, argv.join(' '));
    assert.match(c.err(), message);
  }
});

test('--help and --version exit 0', async () => {
  const c = capture();
  assert.equal(await main(['--version'], c.io), 0);
  assert.match(c.out(), /^mqtt-conformance \d+\.\d+\.\d+/);
  assert.equal(await main(['run', '--help'], c.io), 0);
  assert.match(c.out(), /--baseline-exact/);
  assert.doesNotMatch(c.out(), /--broker-command/);
});
