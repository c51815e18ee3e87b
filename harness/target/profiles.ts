// Broker profiles (fixtures/profiles/*.json or any JSON file): loading, validation, and the
// capabilities derived from the profile and the URLs given (put into profile.unsupported with a reason).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { PROFILES_DIR } from './paths.ts';
import type { Profile, Transport } from './target-spec.ts';

export class ProfileError extends Error {
  constructor(readonly source: string, readonly key: string | undefined, detail: string) {
    super(`profile ${source}: ${key === undefined ? '' : `key "${key}" `}${detail}`);
    this.name = 'ProfileError';
  }
}

const KNOWN_KEYS = new Set([
  'name', 'description', 'protocolVersions', 'maxQos', 'unsupported', 'auth', 'anonymousRefused',
  'deniedSubscribeTopic', 'deniedPublishTopic', 'sysTopics', 'maxPacketSize', 'notes',
]);
const VERSIONS = new Set(['3.1.1', '5']);

/** Where a --profile value points: a name in fixtures/profiles, or a file path. */
export function profilePath(nameOrFile: string, cwd = process.cwd()): string {
  const looksLikeFile = nameOrFile.endsWith('.json') || nameOrFile.includes('/') || nameOrFile.includes('\\');
  if (!looksLikeFile) return join(PROFILES_DIR, `${nameOrFile}.json`);
  return isAbsolute(nameOrFile) ? nameOrFile : resolve(cwd, nameOrFile);
}

/** Names of the profiles in fixtures/profiles. */
export function builtInProfiles(): string[] {
  return readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
}

export function loadProfile(nameOrFile: string, cwd = process.cwd()): Profile {
  const file = profilePath(nameOrFile, cwd);
  if (!existsSync(file)) {
    throw new ProfileError(nameOrFile, undefined, `not found (looked for ${file}; built-in profiles: ${builtInProfiles().join(', ')})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProfileError(file, undefined, `is not valid JSON: ${(error as Error).message}`);
  }
  return validateProfile(raw, file);
}

export function validateProfile(raw: unknown, source: string): Profile {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ProfileError(source, undefined, 'must be a JSON object');
  const p = raw as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!KNOWN_KEYS.has(key)) throw new ProfileError(source, key, `is not a profile key (known: ${[...KNOWN_KEYS].join(', ')})`);
  }
  const str = (key: string, optional: boolean): void => {
    if (p[key] === undefined && optional) return;
    if (typeof p[key] !== 'string' || p[key] === '') throw new ProfileError(source, key, 'must be a non-empty string');
  };
  str('name', false);
  str('description', true);
  str('deniedSubscribeTopic', true);
  str('deniedPublishTopic', true);
  const versions = p['protocolVersions'] ?? ['3.1.1'];
  if (!Array.isArray(versions) || versions.length === 0 || !versions.every((v) => typeof v === 'string' && VERSIONS.has(v))) {
    throw new ProfileError(source, 'protocolVersions', 'must be a non-empty array of "3.1.1" and/or "5"');
  }
  const maxQos = p['maxQos'] ?? 2;
  if (maxQos !== 0 && maxQos !== 1 && maxQos !== 2) throw new ProfileError(source, 'maxQos', 'must be 0, 1 or 2');
  const unsupported = p['unsupported'] ?? {};
  if (unsupported === null || typeof unsupported !== 'object' || Array.isArray(unsupported)) {
    throw new ProfileError(source, 'unsupported', 'must be an object of "@tag": "reason"');
  }
  for (const [tag, reason] of Object.entries(unsupported)) {
    if (!tag.startsWith('@')) throw new ProfileError(source, `unsupported.${tag}`, 'must be a tag starting with @');
    if (typeof reason !== 'string' || reason === '') throw new ProfileError(source, `unsupported.${tag}`, 'must have a non-empty reason string');
  }
  const auth = p['auth'];
  if (auth !== undefined) {
    const a = auth as Record<string, unknown>;
    if (auth === null || typeof auth !== 'object' || typeof a['username'] !== 'string' || typeof a['password'] !== 'string') {
      throw new ProfileError(source, 'auth', 'must be { "username": string, "password": string }');
    }
  }
  for (const key of ['anonymousRefused', 'sysTopics']) {
    if (p[key] !== undefined && typeof p[key] !== 'boolean') throw new ProfileError(source, key, 'must be true or false');
  }
  const mps = p['maxPacketSize'];
  if (mps !== undefined && (typeof mps !== 'number' || !Number.isInteger(mps) || mps <= 0)) {
    throw new ProfileError(source, 'maxPacketSize', 'must be a positive integer');
  }
  const notes = p['notes'];
  if (notes !== undefined && (!Array.isArray(notes) || !notes.every((n) => typeof n === 'string'))) {
    throw new ProfileError(source, 'notes', 'must be an array of strings');
  }
  const profile: Profile = {
    name: p['name'] as string,
    description: (p['description'] as string | undefined) ?? '',
    protocolVersions: versions as string[],
    maxQos,
    unsupported: { ...(unsupported as Record<string, string>) },
  };
  if (auth !== undefined) profile.auth = { ...(auth as { username: string; password: string }) };
  if (p['anonymousRefused'] !== undefined) profile.anonymousRefused = p['anonymousRefused'] as boolean;
  if (p['deniedSubscribeTopic'] !== undefined) profile.deniedSubscribeTopic = p['deniedSubscribeTopic'] as string;
  if (p['deniedPublishTopic'] !== undefined) profile.deniedPublishTopic = p['deniedPublishTopic'] as string;
  if (p['sysTopics'] !== undefined) profile.sysTopics = p['sysTopics'] as boolean;
  if (mps !== undefined) profile.maxPacketSize = mps as number;
  if (notes !== undefined) profile.notes = [...(notes as string[])];
  return profile;
}

/**
 * Adds to profile.unsupported the capabilities the target lacks given its profile and its URLs,
 * each with the reason the report shows. Reasons already in the profile are kept.
 */
export function deriveUnsupported(profile: Profile, transports: Partial<Record<Transport, string>>): Profile {
  const unsupported = { ...profile.unsupported };
  const add = (tag: string, reason: string): void => { if (unsupported[tag] === undefined) unsupported[tag] = reason; };
  // Same meaning as the steps' applicability hook: @tls = MQTT over TLS, @ws = plain WebSocket, @wss = secure WebSocket.
  if (transports.mqtts === undefined) add('@tls', 'no mqtts:// URL was given for this target');
  if (transports.ws === undefined) add('@ws', 'no ws:// URL was given for this target');
  if (transports.wss === undefined) add('@wss', 'no wss:// URL was given for this target');
  if (profile.maxQos < 2) add('@qos2', `profile ${profile.name} grants at most QoS ${profile.maxQos}`);
  if (profile.maxQos < 1) add('@qos1', `profile ${profile.name} grants at most QoS ${profile.maxQos}`);
  if (profile.auth === undefined) add('@auth', `profile ${profile.name} has no credentials (give --username/--password or a profile with "auth")`);
  if (profile.deniedSubscribeTopic === undefined) add('@acl-subscribe', `profile ${profile.name} names no topic the ACL denies for subscribe`);
  if (profile.deniedPublishTopic === undefined) add('@acl-publish', `profile ${profile.name} names no topic the ACL denies for publish`);
  if (profile.sysTopics !== true) add('@sys', `profile ${profile.name} does not say the target publishes $SYS topics`);
  return { ...profile, unsupported };
}
