// Structured logs: one JSON object per line, `{"t":"<ISO time>","level":"warn","event":"packet.malformed",...fields}`.
// Lines below the configured level are dropped. Errors in fields are reduced to name/message/code.
import type { Logger } from '../core/contracts.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where each line goes (without the trailing newline added here). Default: process.stderr. */
  write?: (line: string) => void;
  /** Milliseconds since epoch; default Date.now. */
  now?: () => number;
}

export class JsonLogger implements Logger {
  readonly level: LogLevel;
  private readonly write: (line: string) => void;
  private readonly now: () => number;

  constructor(options: JsonLoggerOptions = {}) {
    this.level = options.level ?? 'info';
    this.write = options.write ?? ((line) => process.stderr.write(line));
    this.now = options.now ?? Date.now;
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }

  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const record: Record<string, unknown> = { t: new Date(this.now()).toISOString(), level, event };
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (key === 't' || key === 'level' || key === 'event') continue;
        record[key] = value;
      }
    }
    this.write(`${JSON.stringify(record, replacer)}\n`);
  }
}

/** A logger that drops everything (tests, embedding). */
export class SilentLogger implements Logger {
  log(): void {}
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return { bytes: value.length };
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return { bytes: ((value as { data: unknown[] }).data).length };
  }
  return value;
}
