export { JsonLogger, SilentLogger, LOG_LEVELS, isLogLevel } from './json-logger.ts';
export type { LogLevel, JsonLoggerOptions } from './json-logger.ts';
