// Salted scrypt password hashes: `scrypt$N$r$p$<salt base64>$<hash base64>`.
// Plain-text passwords are never stored or logged; comparison is constant-time.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export type RandomBytes = (size: number) => Buffer;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
  saltLength: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 };

export class PasswordHashError extends Error {
  override readonly name = 'PasswordHashError';
}

function scryptAsync(password: Buffer, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 256 * params.N * params.r + 1024 * 1024;
    scrypt(password, salt, keyLength, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(
  password: string | Buffer,
  random: RandomBytes = randomBytes,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = random(params.saltLength);
  const key = await scryptAsync(Buffer.from(password), salt, params, params.keyLength);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** Parses a stored hash; throws PasswordHashError naming what is wrong (never echoing the hash). */
export function parsePasswordHash(stored: string): ParsedHash {
  const m = HASH_FORMAT.exec(stored);
  if (!m) throw new PasswordHashError('expected "scrypt$N$r$p$<salt base64>$<hash base64>" (make one with `mqtt-conformance adduser`)');
  const N = Number(m[1]);
  const r = Number(m[2]);
  const p = Number(m[3]);
  if (N < 2 || (N & (N - 1)) !== 0) throw new PasswordHashError(`scrypt N must be a power of two > 1, got ${N}`);
  if (r < 1 || p < 1) throw new PasswordHashError('scrypt r and p must be positive');
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8) throw new PasswordHashError('salt must be at least 8 bytes');
  if (key.length < 16) throw new PasswordHashError('hash must be at least 16 bytes');
  return { N, r, p, salt, key };
}

export async function verifyPassword(password: string | Buffer, stored: string | ParsedHash): Promise<boolean> {
  const parsed = typeof stored === 'string' ? parsePasswordHash(stored) : stored;
  const params: ScryptParams = { N: parsed.N, r: parsed.r, p: parsed.p, keyLength: parsed.key.length, saltLength: parsed.salt.length };
  const key = await scryptAsync(Buffer.from(password), parsed.salt, params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}
