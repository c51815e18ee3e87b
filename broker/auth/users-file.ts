// The users file: `{ "users": [ { "username": "u", "passwordHash": "scrypt$…" } ] }`.
// Read at broker start; written by `mqtt-conformance adduser` (atomically: temp file + rename).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parsePasswordHash, PasswordHashError } from './password.ts';

export interface UserRecord {
  username: string;
  passwordHash: string;
}

export class UsersFileError extends Error {
  override readonly name = 'UsersFileError';
  constructor(readonly file: string, readonly key: string, readonly detail: string) {
    super(`${file}: ${key}: ${detail}`);
  }
}

/** Validates a list of users (from a users file or inline config); `where` prefixes keys in errors. */
export function validateUsers(value: unknown, file: string, where: string): UserRecord[] {
  if (!Array.isArray(value)) throw new UsersFileError(file, where, `expected an array of { "username", "passwordHash" }, got ${describe(value)}`);
  const seen = new Set<string>();
  return value.map((entry, i) => {
    const key = `${where}[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new UsersFileError(file, key, `expected an object { "username", "passwordHash" }, got ${describe(entry)}`);
    }
    const { username, passwordHash, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new UsersFileError(file, `${key}.${unknown[0]}`, 'unknown key; known keys: username, passwordHash');
    if (typeof username !== 'string' || username.length === 0) throw new UsersFileError(file, `${key}.username`, `expected a non-empty string, got ${describe(username)}`);
    if (seen.has(username)) throw new UsersFileError(file, `${key}.username`, `duplicate user "${username}"; keep one entry per user`);
    seen.add(username);
    if (typeof passwordHash !== 'string') throw new UsersFileError(file, `${key}.passwordHash`, `expected a string "scrypt$N$r$p$salt$hash", got ${describe(passwordHash)}`);
    try {
      parsePasswordHash(passwordHash);
    } catch (err) {
      if (err instanceof PasswordHashError) throw new UsersFileError(file, `${key}.passwordHash`, err.message);
      throw err;
    }
    return { username, passwordHash };
  });
}

export function readUsersFile(file: string): UserRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsersFileError(file, 'file', `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); create it with \`mqtt-conformance adduser --users-file ${file} --username NAME\``);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsersFileError(file, 'file', `not valid JSON (${(err as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsersFileError(file, 'file', 'expected an object { "users": [...] }');
  const { users, ...rest } = json as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new UsersFileError(file, unknown[0]!, 'unknown key; known keys: users');
  return validateUsers(users ?? [], file, 'users');
}

/** Adds or replaces one user, creating the file if missing. Returns whether the user existed. */
export function upsertUser(file: string, user: UserRecord): { replaced: boolean } {
  const users = existsSync(file) ? readUsersFile(file) : [];
  const index = users.findIndex((u) => u.username === user.username);
  if (index >= 0) users[index] = user;
  else users.push(user);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return { replaced: index >= 0 };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}
