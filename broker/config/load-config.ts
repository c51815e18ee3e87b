// Reads a config file (or none: all defaults), validates it and loads the users file it names.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readUsersFile, UsersFileError } from '../auth/users-file.ts';
import { ConfigError } from './config-error.ts';
import type { BrokerConfig } from './config-types.ts';
import { validateConfig } from './validate.ts';

export interface LoadConfigOptions {
  /** The config file; undefined: defaults only. */
  file?: string;
  /** Working directory for relative paths when there is no file (default process.cwd()). */
  cwd?: string;
  checkFiles?: boolean;
}

export function loadConfig(options: LoadConfigOptions = {}): BrokerConfig {
  const cwd = options.cwd ?? process.cwd();
  if (options.file === undefined) return withUsersFile(validateConfig({}, { baseDir: cwd, checkFiles: options.checkFiles ?? true }));
  const file = resolve(cwd, options.file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('config', `cannot read the config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the --config path`, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('config', `not valid JSON (${(err as Error).message}); fix the syntax (comments and trailing commas are not allowed)`, file);
  }
  return withUsersFile(validateConfig(json, { baseDir: dirname(file), file, checkFiles: options.checkFiles ?? true }));
}

/** Merges the users of auth.usersFile into auth.users (a user in the file replaces an inline one). */
export function withUsersFile(config: BrokerConfig): BrokerConfig {
  const usersFile = config.auth.usersFile;
  if (!usersFile) return config;
  let fromFile;
  try {
    fromFile = readUsersFile(usersFile);
  } catch (err) {
    if (err instanceof UsersFileError) throw new ConfigError(`config.auth.usersFile (${err.file}) ${err.key}`, err.detail);
    throw err;
  }
  const names = new Set(fromFile.map((u) => u.username));
  const users = [...config.auth.users.filter((u) => !names.has(u.username)), ...fromFile];
  return { ...config, auth: { ...config.auth, users } };
}
