// The JSON Schemas in schema/ against the project's own validators: every shipped config and profile is
// accepted by both, and every bad input below is refused by both at the same key, so the two cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { readUsersFile } from '../broker/auth/users-file.ts';
import { ConfigError, validateConfig } from '../broker/config/index.ts';
import { ProfileError, validateProfile } from '../harness/target/profiles.ts';

const SCHEMA_DIR = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(SCHEMA_DIR, '..', 'fixtures');
const HASH = `scrypt$16384$8$1$${Buffer.alloc(16, 1).toString('base64')}$${Buffer.alloc(32, 2).toString('base64')}`;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const name of ['broker-config', 'profile', 'users-file']) {
  ajv.addSchema(readJson(join(SCHEMA_DIR, `${name}.schema.json`)) as object, `${name}.schema.json`);
}
function schema(name: string): ValidateFunction {
  const validate = ajv.getSchema(`${name}.schema.json`);
  assert.ok(validate, `schema ${name} compiles`);
  return validate;
}
const configSchema = schema('broker-config');
const profileSchema = schema('profile');
const usersSchema = schema('users-file');

function showErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

/** Where an ajv error points: the value itself, or the named child for unknown/missing/bad-name keys. */
function location(e: ErrorObject): string {
  const p = e.params as { additionalProperty?: string; missingProperty?: string; propertyName?: string };
  const child = p.additionalProperty ?? p.missingProperty ?? p.propertyName;
  return child === undefined ? e.instancePath : `${e.instancePath}/${child}`;
}

/** `config.listeners[0].port` or `unsupported.@tls` as a JSON pointer: `/listeners/0/port`, `/unsupported/@tls`. */
function pointer(key: string): string {
  const parts = key.replace(/\[(\d+)\]/g, '.$1').split('.').filter((p) => p !== '');
  if (parts[0] === 'config') parts.shift();
  return parts.map((p) => `/${p}`).join('');
}

function assertSchemaRefuses(validate: ValidateFunction, raw: unknown, at: string, what: string): void {
  assert.equal(validate(raw), false, `schema accepts ${what}`);
  const where = (validate.errors ?? []).map(location);
  assert.ok(where.some((l) => l === at || l.startsWith(`${at}/`)), `schema refuses ${what}, but not at ${at || '/'}:\n${showErrors(validate.errors)}`);
}

function assertSchemaAccepts(validate: ValidateFunction, raw: unknown, what: string): void {
  assert.equal(validate(raw), true, `schema refuses ${what}:\n${showErrors(validate.errors)}`);
}

/** The broker's own validator; throws ConfigError. */
function brokerValidates(raw: unknown, file?: string): void {
  validateConfig(raw, { baseDir: file ? dirname(file) : '/', checkFiles: file !== undefined, ...(file ? { file } : {}) });
}

function configErrorKey(raw: unknown): string {
  try {
    brokerValidates(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err.key;
    throw err;
  }
  assert.fail(`broker validator accepts ${JSON.stringify(raw)}`);
}

function profileErrorKey(raw: unknown): string {
  try {
    validateProfile(raw, 'test');
  } catch (err) {
    if (err instanceof ProfileError) return err.key ?? '';
    throw err;
  }
  assert.fail(`profile validator accepts ${JSON.stringify(raw)}`);
}

const configFiles = readdirSync(join(FIXTURES, 'configs')).filter((f) => f.endsWith('.json')).sort();
const USERS_FILES = new Set(['users.json']);

test('fixtures/configs: every config is accepted by the schema and by the broker validator; bad-* by neither', () => {
  assert.ok(configFiles.length >= 4, `found ${configFiles.length} configs`);
  for (const name of configFiles) {
    const file = join(FIXTURES, 'configs', name);
    const raw = readJson(file);
    if (USERS_FILES.has(name)) {
      assertSchemaAccepts(usersSchema, raw, name);
      assert.ok(readUsersFile(file).length > 0, `${name}: users read`);
    } else if (basename(name).startsWith('bad-')) {
      assert.throws(() => brokerValidates(raw, file), ConfigError, `${name} is refused by the broker`);
      assert.equal(configSchema(raw), false, `${name} is refused by the schema`);
    } else {
      assertSchemaAccepts(configSchema, raw, name);
      brokerValidates(raw, file);
    }
  }
});

test('docker/broker-open.json (the image\'s service-container config): accepted by both', () => {
  const file = join(SCHEMA_DIR, '..', 'docker', 'broker-open.json');
  const raw = readJson(file);
  assertSchemaAccepts(configSchema, raw, 'docker/broker-open.json');
  brokerValidates(raw, file);
});

test('fixtures/profiles: every profile is accepted by the schema and by the harness validator', () => {
  const files = readdirSync(join(FIXTURES, 'profiles')).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length >= 4, `found ${files.length} profiles`);
  for (const name of files) {
    const raw = readJson(join(FIXTURES, 'profiles', name));
    assertSchemaAccepts(profileSchema, raw, name);
    validateProfile(raw, name);
  }
});

test('good configs beyond the fixtures: accepted by both', () => {
  const good: unknown[] = [
    {},
    { persistence: {} },
    { persistence: { dir: 'state' } },
    { persistence: { kind: 'sqlite', dir: '/var/lib/broker' } },
    { listeners: [{ type: 'ws' }, { type: 'tcp', host: '0.0.0.0', port: 1883 }] },
    { auth: { allowAnonymous: false, users: [{ username: 'u', passwordHash: HASH }], usersFile: 'users.json' } },
    { acl: [{ allow: true, action: 'all', topic: '#' }, { allow: false, action: 'publish', topic: '+/x/+', username: 'u' }, { allow: true, action: 'subscribe', topic: 'a//b' }, { allow: false, action: 'read', topic: 'users/%u/#', clientId: 'c1' }] },
    { limits: { maxPacketSize: 268_435_460, maxBufferedInputBytes: 268_435_460, maxInflight: 65_535, queueQos0: true, maxConnections: 1, queueHighWater: 10, slowConsumerMs: 500 } },
    { sys: { intervalMs: 0 }, log: { level: 'debug' } },
  ];
  for (const raw of good) {
    assertSchemaAccepts(configSchema, raw, JSON.stringify(raw));
    brokerValidates(raw);
  }
});

test('a "mysql" URL: accepted by both once the broker knows the key', (t) => {
  const raw = { mysql: 'mysql://broker:s3cret@127.0.0.1:3306/broker' };
  assertSchemaAccepts(configSchema, raw, 'a mysql URL');
  assertSchemaAccepts(configSchema, { mysql: 'mariadb://u@db.example/broker' }, 'a mariadb URL without password');
  let known = true;
  try {
    brokerValidates(raw);
  } catch (err) {
    if (!(err instanceof ConfigError && err.key === 'config.mysql' && /unknown key/.test(err.message))) throw err;
    known = false;
  }
  if (!known) t.skip('this checkout\'s broker/config has no "mysql" key yet (branch h-mysql adds it)');
});

// [key the broker's validator names, bad config, where the schema must point when it differs from the key]
const BAD_CONFIGS: [string, unknown, string?][] = [
  ['config', [], ''],
  ['config.limts', { limts: {} }],
  ['config.$schema', { $schema: './node_modules/mqtt-conformance/schema/broker-config.schema.json' }],
  ['config.limits.maxInflight', { limits: { maxInflight: 'ten' } }],
  ['config.limits.maxInflight', { limits: { maxInflight: 70_000 } }],
  ['config.limits.maxQueued', { limits: { maxQueued: 0 } }],
  ['config.limits.maxPacketSize', { limits: { maxPacketSize: 1.5 } }],
  ['config.limits.maxPacketSize', { limits: { maxPacketSize: 268_435_461 } }],
  ['config.limits.queueQos0', { limits: { queueQos0: 'no' } }],
  ['config.limits.queueHighWater', { limits: { queueHighWater: 0 } }],
  ['config.limits.slowConsumerMs', { limits: { slowConsumerMs: '2s' } }],
  ['config.limits.maxInFlight', { limits: { maxInFlight: 3 } }],
  ['config.listeners', { listeners: [] }],
  ['config.listeners', { listeners: { type: 'tcp' } }],
  ['config.listeners[0].type', { listeners: [{ type: 'udp' }] }],
  ['config.listeners[0].type', { listeners: [{ port: 1883 }] }],
  ['config.listeners[0].path', { listeners: [{ type: 'tcp', path: '/x' }] }],
  ['config.listeners[1].port', { listeners: [{ type: 'tcp' }, { type: 'tcp', port: 70_000 }] }],
  ['config.listeners[0].host', { listeners: [{ type: 'tcp', host: '' }] }],
  ['config.listeners[0].path', { listeners: [{ type: 'ws', path: 'mqtt' }] }],
  ['config.listeners[0].key', { listeners: [{ type: 'tls', cert: 'server.crt' }] }],
  ['config.listeners[0].cert', { listeners: [{ type: 'wss', key: 'server.key' }] }],
  ['config.persistence.dir', { persistence: { kind: 'memory', dir: 'x' } }],
  ['config.persistence.kind', { persistence: { kind: 'postgres' } }],
  ['config.persistence.kind', { persistence: { kind: 'mysql' } }],
  ['config.persistence.path', { persistence: { path: 'x' } }],
  ['config.auth.allowAnonymous', { auth: { allowAnonymous: 'yes' } }],
  ['config.auth.users[0].passwordHash', { auth: { users: [{ username: 'u', passwordHash: 'plain-text' }] } }],
  ['config.auth.users[0].password', { auth: { users: [{ username: 'u', password: 'x', passwordHash: HASH }] } }],
  ['config.auth.users[0].username', { auth: { users: [{ username: '', passwordHash: HASH }] } }],
  ['config.auth.usersFile', { auth: { usersFile: 3 } }],
  ['config.acl', { acl: { allow: true } }],
  ['config.acl[0].action', { acl: [{ allow: false, action: 'receive', topic: 'a' }] }],
  ['config.acl[0].clientId', { acl: [{ allow: false, action: 'read', topic: 'a', clientId: '' }] }],
  ['config.acl[0].allow', { acl: [{ allow: 'no', action: 'all', topic: 'a' }] }],
  ['config.acl[0].topic', { acl: [{ allow: true, action: 'all', topic: 'a/#/b' }] }],
  ['config.acl[0].topic', { acl: [{ allow: true, action: 'all', topic: 'a+' }] }],
  ['config.acl[0].topic', { acl: [{ allow: true, action: 'all' }] }],
  ['config.acl[0].who', { acl: [{ allow: true, action: 'all', topic: '#', who: 'u' }] }],
  ['config.sys.intervalMs', { sys: { intervalMs: -1 } }],
  ['config.sys.intervalMs', { sys: { intervalMs: 86_400_001 } }],
  ['config.log.level', { log: { level: 'trace' } }],
  ['config.log.format', { log: { format: 'text' } }],
  ['config.mysql', { mysql: 'http://u:s3cret@h/db' }],
  ['config.mysql', { mysql: 'mysql://h/db' }],
  ['config.mysql', { mysql: 'mysql://u:s3cret@db.example' }],
  ['config.mysql', { mysql: 'mysql://u:s3cret@h/db?ssl=true' }],
  ['config.mysql', { mysql: { url: 'mysql://u:s3cret@h/db' } }],
  ['config.mysql', { mysql: 'mysql://u:p@h/db', persistence: { kind: 'sqlite' } }, '/persistence'],
];

/** The keys the project's validator knows at one place, read from its "unknown key" message. */
function knownKeys(fn: () => void, pattern: RegExp): string[] {
  try {
    fn();
  } catch (err) {
    const m = pattern.exec((err as Error).message);
    assert.ok(m, `no known-keys list in: ${(err as Error).message}`);
    return m[1]!.split(', ').sort();
  }
  assert.fail('validator accepted an unknown key');
}

type SchemaNode = { properties?: Record<string, unknown>; $defs?: Record<string, SchemaNode>; oneOf?: SchemaNode[] };

test('every object in the schemas has exactly the keys the validators know (a key added on one side fails here)', () => {
  const config = readJson(join(SCHEMA_DIR, 'broker-config.schema.json')) as SchemaNode;
  const props = (node: SchemaNode | undefined): string[] => Object.keys(node?.properties ?? {}).sort();
  const top = config.properties as Record<string, SchemaNode>;
  const cfg = (raw: unknown) => knownKeys(() => brokerValidates(raw), /known keys: (.*)$/);
  const listenerSchemas = config.$defs!.listener!.oneOf!;
  const listener = (type: string) => props(listenerSchemas.find((b) => (b.properties?.type as { const?: string }).const === type));
  const mysqlKnown = cfg({ zzz: 1 }).includes('mysql');
  const expected: [string, string[], string[]][] = [
    ['top level', cfg({ zzz: 1 }), props(config).filter((k) => mysqlKnown || k !== 'mysql')],
    ['auth', cfg({ auth: { zzz: 1 } }), props(top.auth)],
    ['limits', cfg({ limits: { zzz: 1 } }), props(top.limits)],
    ['sys', cfg({ sys: { zzz: 1 } }), props(top.sys)],
    ['log', cfg({ log: { zzz: 1 } }), props(top.log)],
    ['persistence (sqlite)', cfg({ persistence: { zzz: 1 } }), props(top.persistence)],
    ['acl rule', cfg({ acl: [{ zzz: 1 }] }), props(config.$defs!.aclRule)],
    ...['tcp', 'tls', 'ws', 'wss'].map((type): [string, string[], string[]] => [`${type} listener`, cfg({ listeners: [{ type, zzz: 1 }] }), listener(type)]),
  ];
  const profile = readJson(join(SCHEMA_DIR, 'profile.schema.json')) as SchemaNode;
  expected.push(['profile', knownKeys(() => validateProfile({ name: 'x', zzz: 1 }, 'test'), /\(known: (.*)\)$/), props(profile)]);
  for (const [where, validator, schemaKeys] of expected) assert.deepEqual(schemaKeys, validator, `${where}: schema keys vs validator keys`);
});

test('bad configs: refused by the broker validator and by the schema, both at the same key', () => {
  for (const [key, raw, at] of BAD_CONFIGS) {
    const what = JSON.stringify(raw);
    assert.equal(configErrorKey(raw), key, `broker validator key for ${what}`);
    assertSchemaRefuses(configSchema, raw, at ?? pointer(key), what);
  }
});

test('good profiles beyond the fixtures: accepted by both', () => {
  const good: unknown[] = [
    { name: 'x' },
    { name: 'x', protocolVersions: ['3.1.1', '5'], maxQos: 0, unsupported: { '@ws': 'no WebSocket listener' } },
    { name: 'x', auth: { username: 'u', password: '' }, anonymousRefused: true, sysTopics: false, maxPacketSize: 1024, notes: [] },
  ];
  for (const raw of good) {
    assertSchemaAccepts(profileSchema, raw, JSON.stringify(raw));
    validateProfile(raw, 'test');
  }
});

// [key the harness's validator names ('' = the whole profile), bad profile]
const BAD_PROFILES: [string, unknown][] = [
  ['', []],
  ['', null],
  ['name', {}],
  ['name', { name: '' }],
  ['protcolVersions', { name: 'x', protcolVersions: ['5'] }],
  ['protocolVersions', { name: 'x', protocolVersions: ['4'] }],
  ['protocolVersions', { name: 'x', protocolVersions: [] }],
  ['protocolVersions', { name: 'x', protocolVersions: '3.1.1' }],
  ['maxQos', { name: 'x', maxQos: 3 }],
  ['maxQos', { name: 'x', maxQos: '2' }],
  ['unsupported', { name: 'x', unsupported: ['@tls'] }],
  ['unsupported.tls', { name: 'x', unsupported: { tls: 'no TLS' } }],
  ['unsupported.@tls', { name: 'x', unsupported: { '@tls': '' } }],
  ['auth', { name: 'x', auth: { username: 'u' } }],
  ['auth', { name: 'x', auth: { username: 'u', password: 7 } }],
  ['sysTopics', { name: 'x', sysTopics: 'yes' }],
  ['anonymousRefused', { name: 'x', anonymousRefused: 1 }],
  ['maxPacketSize', { name: 'x', maxPacketSize: 0 }],
  ['maxPacketSize', { name: 'x', maxPacketSize: 2.5 }],
  ['notes', { name: 'x', notes: 'one note' }],
  ['notes', { name: 'x', notes: [1] }],
  ['deniedPublishTopic', { name: 'x', deniedPublishTopic: 3 }],
  ['description', { name: 'x', description: '' }],
];

test('bad profiles: refused by the harness validator and by the schema, both at the same key', () => {
  for (const [key, raw] of BAD_PROFILES) {
    const what = JSON.stringify(raw);
    assert.equal(profileErrorKey(raw), key, `profile validator key for ${what}`);
    assertSchemaRefuses(profileSchema, raw, pointer(key), what);
  }
});

test('the users file schema: refuses what readUsersFile refuses', () => {
  assertSchemaRefuses(usersSchema, { user: [] }, '/user', 'a misspelt key');
  assertSchemaRefuses(usersSchema, { users: [{ username: 'u', passwordHash: 'x' }] }, '/users/0/passwordHash', 'a plain password');
});

test('every schema declares draft 2020-12 and describes each property, so editors can complete and explain keys', () => {
  const missing: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') {
      for (const [k, v] of Object.entries(o.properties as Record<string, unknown>)) {
        const p = v as Record<string, unknown>;
        const described = typeof p.description === 'string' || typeof p.$ref === 'string' || Object.keys(p).every((x) => x === 'const');
        if (!described) missing.push(`${path}/properties/${k}`);
      }
    }
    for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
  };
  for (const name of ['broker-config', 'profile', 'users-file']) {
    const s = readJson(join(SCHEMA_DIR, `${name}.schema.json`)) as Record<string, unknown>;
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema', name);
    assert.equal(typeof s.description, 'string', `${name} has a description`);
    walk(s, name);
  }
  assert.deepEqual(missing, [], 'properties without a description');
});
