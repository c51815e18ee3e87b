// A small declarative argument parser: each command declares its flags; errors name the flag and the fix.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagKind = 'string' | 'list' | 'boolean' | 'integer' | 'number';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  /** Placeholder and example shown in help and in "needs a value" errors. */
  value?: string;
  example?: string;
  min?: number;
  /** The value may itself look like a flag (`--broker-arg --memory`): the next argument is always taken. */
  takesFlagValue?: boolean;
  help: string;
  hidden?: boolean;
}

export type FlagValue = string | string[] | boolean | number;

export interface ParsedArgs {
  flags: Map<string, FlagValue>;
  positionals: string[];
}

export function parseArgs(argv: string[], specs: FlagSpec[], command: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const flags = new Map<string, FlagValue>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { positionals.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const spec = byName.get(name);
    if (spec === undefined) {
      throw new UsageError(`unknown option ${arg.slice(0, eq >= 0 ? eq : undefined)} for "${command}" (see: mqtt-conformance ${command} --help)`);
    }
    if (spec.kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value (write just --${name})`);
      flags.set(name, true);
      continue;
    }
    let raw: string | undefined;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next !== undefined && (spec.takesFlagValue === true || !(next.startsWith('--') && next.length > 2))) { raw = next; i += 1; }
    }
    if (raw === undefined || raw === '') {
      throw new UsageError(`--${name} needs a value${spec.example !== undefined ? `, e.g. --${name} ${spec.example}` : ` (${spec.value ?? 'VALUE'})`}`);
    }
    flags.set(name, convert(spec, raw, flags.get(name)));
  }
  return { flags, positionals };
}

function convert(spec: FlagSpec, raw: string, previous: FlagValue | undefined): FlagValue {
  switch (spec.kind) {
    case 'list':
      return [...(Array.isArray(previous) ? previous : []), raw];
    case 'integer':
    case 'number': {
      const n = Number(raw);
      const min = spec.min ?? (spec.kind === 'integer' ? 1 : Number.MIN_VALUE);
      const integerOk = spec.kind === 'number' || Number.isInteger(n);
      if (raw.trim() === '' || !Number.isFinite(n) || !integerOk || n < min) {
        const what = spec.kind === 'integer' ? `an integer ≥ ${min}` : `a number > 0`;
        throw new UsageError(`--${spec.name} must be ${what} (got "${raw}")${spec.example !== undefined ? `, e.g. --${spec.name} ${spec.example}` : ''}`);
      }
      return n;
    }
    default:
      return raw;
  }
}

export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function list(args: ParsedArgs, name: string): string[] {
  const v = args.flags.get(name);
  return Array.isArray(v) ? v : [];
}

export function bool(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

export function num(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}

export function flagHelp(specs: FlagSpec[]): string {
  const rows = specs.filter((s) => s.hidden !== true).map((s) => {
    const left = `  --${s.name}${s.kind === 'boolean' ? '' : ` ${s.value ?? 'VALUE'}`}`;
    return `${left.padEnd(30)} ${s.help}`;
  });
  return rows.join('\n');
}
