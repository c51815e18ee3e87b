// The fuzzer's own parts, judged on known inputs: seeded randomness, mutations, the pacer, the log
// classifier and the witness checker (a history with a loss must be reported as one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqttPacket from 'mqtt-packet';
import { classifyLogLine } from './broker-process.ts';
import { encodeVarint, headerLength, MUTATION_NAMES, applyMutation, withRemainingLength, withTrueLength } from './mutate.ts';
import { Pacer } from './pacer.ts';
import { createRng } from './rng.ts';
import { buildScript, fromRecord, toRecord } from './script.ts';
import { checkWitness, witnessProblems } from './witness-check.ts';
import type { WitnessHistory } from './witness.ts';
import type { BrokerFailure } from './corpus.ts';

test('the same seed gives the same stream; derived streams differ from each other and are stable', () => {
  const a = createRng(42);
  const b = createRng(42);
  assert.deepEqual(Array.from({ length: 20 }, () => a.int(1000)), Array.from({ length: 20 }, () => b.int(1000)));
  assert.notDeepEqual(createRng(42).derive(1).bytes(16), createRng(42).derive(2).bytes(16));
  assert.deepEqual(createRng(7).derive(3).bytes(16), createRng(7).derive(3).bytes(16));
  assert.throws(() => createRng(-1), /seed must be an integer/);
});

test('a script is rebuilt byte for byte from (seed, index), and survives its hex record', () => {
  const one = buildScript(createRng(9).derive(123), 123);
  const two = buildScript(createRng(9).derive(123), 123);
  assert.deepEqual(two, one);
  assert.deepEqual(fromRecord(JSON.parse(JSON.stringify(toRecord(one)))), one);
});

test('Remaining Length helpers re-encode the header around the same body', () => {
  assert.deepEqual(encodeVarint(0), Buffer.from([0]));
  assert.deepEqual(encodeVarint(128), Buffer.from([0x80, 0x01]));
  assert.deepEqual(encodeVarint(268435455), Buffer.from([0xff, 0xff, 0xff, 0x7f]));
  const pub = mqttPacket.generate({ cmd: 'publish', topic: 'a', payload: Buffer.alloc(200), qos: 0, retain: false, dup: false });
  assert.equal(headerLength(pub), 3);
  const lie = withRemainingLength(pub, 5);
  assert.deepEqual(lie.subarray(0, 2), Buffer.from([0x30, 0x05]));
  assert.deepEqual(withTrueLength(lie), pub);
});

test('every mutation returns bytes and never throws, even on empty and one-byte input', () => {
  const rng = createRng(1);
  const inputs = [Buffer.alloc(0), Buffer.from([0x30]), Buffer.from([0xc0, 0x00]), mqttPacket.generate({ cmd: 'connect', clientId: 'x', protocolVersion: 5, properties: { sessionExpiryInterval: 3 } }, { protocolVersion: 5 })];
  for (const name of MUTATION_NAMES) {
    for (const input of inputs) for (let i = 0; i < 50; i++) assert.ok(Buffer.isBuffer(applyMutation(name, rng, input, inputs[3]!)), name);
  }
});

test('the pacer books units at the configured rate, with at most one second of saved budget', () => {
  let t = 0;
  const pacer = new Pacer(10, () => t);
  assert.equal(pacer.reserve(10), 0);
  assert.equal(pacer.reserve(1), 1000);
  t = 5000;
  assert.equal(pacer.reserve(10), 0);
  assert.equal(pacer.reserve(5), 0); // what was unused from t = 4000 on
});

test('log lines: JSON below level error is fine; an error record or a non-JSON line is a problem', () => {
  assert.equal(classifyLogLine('{"t":"x","level":"warn","event":"connection-closed"}'), null);
  assert.equal(classifyLogLine(''), null);
  assert.equal(classifyLogLine('{"level":"error","event":"internal-error"}')?.kind, 'error-record');
  assert.equal(classifyLogLine('TypeError: Cannot read properties of undefined')?.kind, 'not-json');
});

test('the witness checker reports a loss, a late delivery and a missing acknowledgement, and nothing on a clean history', () => {
  const clean: WitnessHistory = { records: [{ seq: 0, sentAt: 0, ackedAt: 1, receivedAt: 2, receivedCount: 1 }], disconnects: [], outOfOrder: 0 };
  assert.deepEqual(witnessProblems(checkWitness(clean, 100), 100), []);
  const bad: WitnessHistory = {
    records: [
      { seq: 0, sentAt: 0, ackedAt: 1, receivedCount: 0 },
      { seq: 1, sentAt: 0, ackedAt: 1, receivedAt: 500, receivedCount: 1 },
      { seq: 2, sentAt: 0, receivedAt: 3, receivedCount: 2 },
    ],
    disconnects: [{ who: 'subscriber', at: 7, reason: 'ECONNRESET' }],
    outOfOrder: 0,
  };
  const v = checkWitness(bad, 100);
  assert.deepEqual([v.lost, v.late, v.unacked, v.duplicates], [[0], [1], [2], 1]);
  assert.deepEqual(witnessProblems(v, 100).map((p) => p.check), ['witness-lost', 'witness-late', 'witness-unacked', 'witness-disconnected']);
});

test('the minimizer shrinks a failure to the inputs that cause it (a replay that fails when inputs 17 and 31 are both present)', async () => {
  const { minimizeBrokerFailure } = await import('./minimize.ts');
  const root = createRng(5);
  const inputs = Array.from({ length: 40 }, (_, i) => toRecord(buildScript(root.derive(i), i)));
  const failure: BrokerFailure = { target: 'broker', check: 'broker-exited', detail: 'd', seed: 5, found: '', store: 'memory', inputs, brokerTail: [] };
  const fake = async (f: BrokerFailure): Promise<{ check: string }[]> => {
    const ids = new Set(f.inputs.map((x) => x.index));
    return ids.has(17) && ids.has(31) ? [{ check: 'broker-exited' }] : [];
  };
  const { failure: small, result } = await minimizeBrokerFailure(failure, 100, () => undefined, fake);
  assert.deepEqual(small.inputs.map((x) => x.index), [17, 31]);
  assert.equal(result.reproduced, true);
  assert.match(small.detail, /minimized from 40 to 2/);
  const never = await minimizeBrokerFailure(failure, 100, () => undefined, async () => []);
  assert.equal(never.result.reproduced, false);
});

test('run.ts flags: bad input names the flag and the fix; --help is not an error', async () => {
  const { parseArgs, HelpRequested, UsageError } = await import('./run.ts');
  assert.deepEqual(parseArgs(['--seconds', '5', '--seed=7', '--only', 'parser,probe', '--no-save']).options.phases, ['parser', 'probe']);
  assert.equal(parseArgs(['--seconds', '5', '--seed=7']).options.seed, 7);
  assert.throws(() => parseArgs([]), /--seconds N is required/);
  assert.throws(() => parseArgs(['--seconds', 'x']), (e: unknown) => e instanceof UsageError && /--seconds: expected a positive number, got "x"/.test(e.message));
  assert.throws(() => parseArgs(['--seconds', '1', '--only', 'brokers']), /--only: expected a comma-separated list of broker, parser, probe/);
  assert.throws(() => parseArgs(['--seconds', '1', '--url', 'http://h']), /--url: only mqtt:\/\/ URLs/);
  assert.throws(() => parseArgs(['--seconds', '1', '--store', 'redis']), /--store: expected sqlite or memory/);
  assert.throws(() => parseArgs(['--help']), HelpRequested);
});
