// `mqtt-conformance adduser`: add or replace one user (salted scrypt hash) in a users JSON file.
// The file is --users-file, or the auth.usersFile of --config. The password is --password, or the
// first line of stdin (typed without echo on a terminal). Exit 0 done; 2 bad flag/config/input.
import { hashPassword } from '../auth/password.ts';
import { upsertUser, UsersFileError } from '../auth/users-file.ts';
import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error.ts';
import { validateConfig } from '../config/validate.ts';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ADDUSER_USAGE, ArgsError, parseAdduserArgs } from './args.ts';
import type { CliIo } from './cli-io.ts';
import { err, out } from './cli-io.ts';

export async function adduserMain(argv: string[], io: CliIo = {}): Promise<number> {
  const stdout = out(io);
  const stderr = err(io);
  const cwd = io.cwd ?? process.cwd();
  try {
    const args = parseAdduserArgs(argv);
    if (args.help) { stdout(`usage: ${ADDUSER_USAGE}\n`); return 0; }
    const file = args.usersFile !== undefined ? resolve(cwd, args.usersFile) : usersFileOf(resolve(cwd, args.config!));
    const password = args.password ?? (await readPassword(io, stderr));
    if (password.length === 0) throw new ArgsError('--password', 'empty password; give a non-empty one with --password or on stdin');
    const passwordHash = await hashPassword(password);
    const { replaced } = upsertUser(file, { username: args.username!, passwordHash });
    stdout(`${replaced ? 'replaced' : 'added'} user ${JSON.stringify(args.username)} in ${file}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ArgsError || error instanceof ConfigError || error instanceof UsersFileError) {
      stderr(`mqtt-conformance adduser: ${error.message}\n`);
      return 2;
    }
    stderr(`mqtt-conformance adduser: ${(error as Error).message}\n`);
    return 1;
  }
}

function usersFileOf(configFile: string): string {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (error) {
    throw new ConfigError('config', `cannot read it as JSON (${(error as Error).message}); check the --config path`, configFile);
  }
  const config = validateConfig(json, { baseDir: dirname(configFile), file: configFile, checkFiles: false });
  if (!config.auth.usersFile) throw new ConfigError('config.auth.usersFile', 'not set; add "usersFile": "users.json" to auth, or use --users-file FILE', configFile);
  return config.auth.usersFile;
}

async function readPassword(io: CliIo, stderr: (text: string) => void): Promise<string> {
  const stdin = io.stdin ?? process.stdin;
  const tty = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  if (tty) {
    stderr('Password: ');
    stdin.setRawMode!(true);
  }
  return new Promise((resolvePw, reject) => {
    let text = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      stdin.off('error', reject);
      if (tty) { stdin.setRawMode!(false); stderr('\n'); }
      stdin.pause();
      resolvePw(text.split(/\r?\n|\r/)[0] ?? '');
    };
    const onData = (chunk: Buffer | string) => {
      const s = chunk.toString();
      if (tty && s.includes('\u0003')) { if (tty) stdin.setRawMode!(false); reject(new ArgsError('--password', 'interrupted')); return; }
      text += s;
      if (/[\r\n]/.test(s)) finish(); // the first line is the password
    };
    stdin.on('data', onData);
    stdin.once('end', finish);
    stdin.once('error', reject);
    stdin.resume();
  });
}
