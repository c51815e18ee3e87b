// The `run` subcommand: its flags, and their translation into RunOptions.
import { UsageError, bool, flagHelp, list, num, parseArgs, str } from './args.ts';
import type { FlagSpec } from './args.ts';
import { runConformance } from './run-conformance.ts';
import type { RunIo, RunOptions } from './run-conformance.ts';

export const RUN_FLAGS: FlagSpec[] = [
  { name: 'url', kind: 'list', value: 'URL', example: 'mqtt://127.0.0.1:1883', help: 'target broker (repeatable: mqtt://, mqtts://, ws://, wss://); none → launch the reference broker' },
  { name: 'profile', kind: 'string', value: 'NAME|FILE', example: 'mosquitto', help: 'broker profile: reference, mosquitto (stock, no config), mosquitto-fixture (fixtures/mosquitto), aedes, default, or a JSON file' },
  { name: 'tags', kind: 'string', value: 'EXPR', example: '"@qos1 and not @slow"', help: 'cucumber tag expression, ANDed with the profile\'s protocol versions' },
  { name: 'parallel', kind: 'integer', value: 'N', example: '4', min: 1, help: 'parallel cucumber workers (default: number of CPUs)' },
  { name: 'out', kind: 'string', value: 'DIR', example: 'reports', help: 'report directory (default: reports)' },
  { name: 'baseline', kind: 'string', value: 'FILE', example: 'fixtures/baselines/reference.json', help: 'earlier conformance.json: exit 1 only on regressions (passed there, failed now)' },
  { name: 'baseline-exact', kind: 'boolean', help: 'with --baseline: exit 1 on ANY status difference (flaky flips excepted)' },
  { name: 'write-baseline', kind: 'string', value: 'FILE', example: 'fixtures/baselines/mosquitto.json', help: 'merge this run into FILE (created if absent): runs and pass rate per scenario, flaky once seen both ways' },
  { name: 'username', kind: 'string', value: 'U', example: 'conformance', help: 'username for every connection (and for @auth if the profile has none)' },
  { name: 'password', kind: 'string', value: 'P', example: 'conformance-pw', help: 'password to go with --username' },
  { name: 'ca', kind: 'string', value: 'FILE', example: 'fixtures/certs/ca.crt', help: 'PEM CA bundle for mqtts:// and wss://' },
  { name: 'coverage', kind: 'boolean', help: 'with the launched reference broker: write c8 coverage of broker/ to <out>/coverage' },
  { name: 'time-scale', kind: 'number', value: 'X', example: '2', help: 'multiply every deadline by X (slow or remote brokers; default 1)' },
  { name: 'broker-arg', kind: 'list', value: 'ARG', example: '--memory', takesFlagValue: true, help: 'one more flag for the launched reference broker\'s CLI (repeatable): --broker-arg --memory, --broker-arg=--log-level=debug' },
  { name: 'features', kind: 'list', value: 'GLOB', example: 'harness/test-fixtures/features/**/*.feature', help: 'feature files (repeatable; default features/**/*.feature)', hidden: true },
  { name: 'import', kind: 'list', value: 'GLOB', example: 'harness/test-fixtures/steps/**/*.ts', help: 'step/support files (repeatable; default steps/**/*.ts)', hidden: true },
  { name: 'broker-command', kind: 'string', value: 'CMD', example: '"node fake-broker.ts --config {config}"', help: 'command launched instead of the reference broker (tests)', hidden: true },
  { name: 'help', kind: 'boolean', help: 'show this help' },
];

export const RUN_HELP = `Usage: mqtt-conformance run [options]

Runs the conformance suite against a broker and writes conformance.json, conformance.html,
junit.xml, summary.md and messages.ndjson to --out. Without --url the reference broker is
launched (TCP, TLS, WS, WSS on ephemeral ports, SQLite in a temp dir) and stopped at the end.

Options:
${flagHelp(RUN_FLAGS)}

--broker-arg passes a flag to \`mqtt-conformance broker\` after its generated --config FILE, so it
overrides that config: --broker-arg --memory (no SQLite), --broker-arg=--log-level=debug, or a
persistence backend flag such as --broker-arg --mysql=mysql://user:pass@127.0.0.1:3306/mqtt.

Exit codes: 0 nothing required failed (with --baseline: nothing regressed), 1 failures,
2 the run could not be made (bad arguments, target unreachable, broker failed to start,
no scenarios matched).
`;

export function parseRunArgs(argv: string[]): RunOptions | 'help' {
  const args = parseArgs(argv, RUN_FLAGS, 'run');
  if (bool(args, 'help')) return 'help';
  if (args.positionals.length > 0) {
    throw new UsageError(`unexpected argument "${args.positionals[0]}" for "run" (a target URL goes after --url)`);
  }
  const options: RunOptions = {
    urls: list(args, 'url'),
    out: str(args, 'out') ?? 'reports',
    baselineExact: bool(args, 'baseline-exact'),
    coverage: bool(args, 'coverage'),
    timeScale: num(args, 'time-scale') ?? 1,
  };
  const profile = str(args, 'profile');
  if (profile !== undefined) options.profile = profile;
  const tags = str(args, 'tags');
  if (tags !== undefined) options.tags = tags;
  const parallel = num(args, 'parallel');
  if (parallel !== undefined) options.parallel = parallel;
  for (const key of ['baseline', 'username', 'password', 'ca'] as const) {
    const v = str(args, key);
    if (v !== undefined) options[key] = v;
  }
  const writeBaseline = str(args, 'write-baseline');
  if (writeBaseline !== undefined) options.writeBaseline = writeBaseline;
  if (list(args, 'features').length > 0) options.features = list(args, 'features');
  if (list(args, 'import').length > 0) options.imports = list(args, 'import');
  if (list(args, 'broker-arg').length > 0) options.brokerArgs = list(args, 'broker-arg');
  const brokerCommand = str(args, 'broker-command');
  if (brokerCommand !== undefined) options.brokerCommand = brokerCommand.split(/\s+/).filter((x) => x !== '');
  if (options.baselineExact && options.baseline === undefined) throw new UsageError('--baseline-exact needs --baseline FILE');
  if (options.brokerArgs !== undefined && options.urls.length > 0) {
    throw new UsageError('--broker-arg is for the launched reference broker; it cannot be used with --url (configure that broker yourself)');
  }
  if (options.coverage && options.urls.length > 0) throw new UsageError('--coverage works only with the launched reference broker (drop --url)');
  return options;
}

export async function runCommand(argv: string[], io: RunIo): Promise<number> {
  const options = parseRunArgs(argv);
  if (options === 'help') { io.stdout.write(RUN_HELP); return 0; }
  return await runConformance(options, io);
}
