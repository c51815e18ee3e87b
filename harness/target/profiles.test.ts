import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProfileError, builtInProfiles, deriveUnsupported, loadProfile, validateProfile } from './profiles.ts';
import { buildReferenceConfig } from './reference-config.ts';
import { TargetError, transportsOf } from './url-target.ts';

test('built-in profiles load and validate', () => {
  assert.deepEqual(builtInProfiles(), ['aedes', 'default', 'mosquitto', 'mosquitto-fixture', 'reference']);
  for (const name of builtInProfiles()) {
    const p = loadProfile(name);
    assert.equal(p.name, name);
    assert.deepEqual(p.protocolVersions, ['3.1.1']);
  }
  // mosquitto-fixture: the users and ACL of fixtures/mosquitto. Its acl_file never refuses a SUBSCRIBE,
  // so @acl-subscribe is declared unsupported with the reason.
  const fixture = loadProfile('mosquitto-fixture');
  assert.deepEqual(fixture.auth, { username: 'conformance', password: 'conformance-pw' });
  assert.equal(fixture.deniedSubscribeTopic, undefined);
  assert.match(fixture.unsupported['@acl-subscribe'] ?? '', /never refuses a SUBSCRIBE/);
  assert.equal(fixture.deniedPublishTopic, 'mqttc-denied/pub');
  assert.equal(loadProfile('reference').deniedSubscribeTopic, 'mqttc-denied/sub');
  // mosquitto: a stock `mosquitto` with no config file: anonymous, no users, no ACL, so the @auth and
  // @acl scenarios are not applicable (with the reason) instead of failing on credentials it never had.
  const stock = deriveUnsupported(loadProfile('mosquitto'), transportsOf(['mqtt://127.0.0.1:1883']));
  assert.equal(stock.auth, undefined);
  assert.equal(stock.anonymousRefused, false);
  for (const tag of ['@auth', '@acl-subscribe', '@acl-publish', '@tls', '@ws', '@wss']) {
    assert.match(stock.unsupported[tag] ?? '', /profile mosquitto|no .* URL/, tag);
  }
  assert.equal(stock.unsupported['@sys'], undefined);
  assert.throws(() => loadProfile('mosquito'), /profile mosquito: not found .*built-in profiles: aedes, default, mosquitto, mosquitto-fixture, reference/);
});

test('a bad profile is refused naming the key', () => {
  const bad: [unknown, RegExp][] = [
    [{ name: 'x', maxQos: 3 }, /key "maxQos" must be 0, 1 or 2/],
    [{ name: 'x', colour: 'red' }, /key "colour" is not a profile key/],
    [{ name: 'x', protocolVersions: ['4'] }, /key "protocolVersions"/],
    [{ name: 'x', unsupported: { qos2: 'no' } }, /key "unsupported\.qos2" must be a tag starting with @/],
    [{ name: 'x', auth: { username: 'u' } }, /key "auth" must be/],
    [{ description: 'no name' }, /key "name" must be a non-empty string/],
    [[], /must be a JSON object/],
  ];
  for (const [raw, message] of bad) {
    assert.throws(() => validateProfile(raw, 'p.json'), (e: unknown) => e instanceof ProfileError && message.test(e.message), JSON.stringify(raw));
  }
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-profile-'));
  try {
    writeFileSync(join(dir, 'broken.json'), '{ "name": ');
    assert.throws(() => loadProfile(join(dir, 'broken.json')), /is not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('capabilities the target lacks get a reason: transports from the URLs, auth, ACL, $SYS, QoS', () => {
  const p = deriveUnsupported(loadProfile('default'), transportsOf(['mqtt://127.0.0.1:1883']));
  assert.match(p.unsupported['@tls'] ?? '', /no mqtts:\/\/ URL/);
  assert.match(p.unsupported['@ws'] ?? '', /no ws:\/\/ URL/);
  assert.match(p.unsupported['@wss'] ?? '', /no wss:\/\/ URL/);
  assert.match(p.unsupported['@auth'] ?? '', /no credentials/);
  assert.ok(p.unsupported['@acl-subscribe'] !== undefined && p.unsupported['@acl-publish'] !== undefined);
  assert.ok(p.unsupported['@sys'] !== undefined);
  assert.equal(p.unsupported['@qos2'], undefined);
  const all = deriveUnsupported({ ...loadProfile('reference'), maxQos: 1 },
    transportsOf(['mqtt://h:1', 'mqtts://h:2', 'ws://h:3/mqtt', 'wss://h:4/mqtt']));
  assert.deepEqual(Object.keys(all.unsupported), ['@qos2']);
  assert.throws(() => transportsOf(['tcp://h:1']), (e: unknown) => e instanceof TargetError && /unsupported scheme "tcp:"/.test(e.message));
});

test('the reference config is built from the reference profile (one source for credentials and ACL)', async () => {
  const profile = loadProfile('reference');
  const { config, caFile } = await buildReferenceConfig(profile, { dataDir: '/tmp/x', hashPassword: async (pw) => `hash(${pw})` });
  assert.deepEqual(config.listeners.map((l) => l.type), ['tcp', 'tls', 'ws', 'wss']);
  assert.ok(config.listeners.every((l) => l.port === 0 && l.host === '127.0.0.1'));
  assert.deepEqual(config.auth, { allowAnonymous: true, users: [{ username: 'conformance', passwordHash: 'hash(conformance-pw)' }] });
  assert.deepEqual(config.acl, [
    { allow: false, action: 'subscribe', topic: 'mqttc-denied/sub' },
    { allow: false, action: 'publish', topic: 'mqttc-denied/pub' },
  ]);
  assert.deepEqual(config.sys, { intervalMs: 1000 });
  assert.match(caFile ?? '', /fixtures\/certs\/ca\.crt$/);
  const noCerts = await buildReferenceConfig(profile, { dataDir: '/tmp/x', certsDir: '/nonexistent', hashPassword: async (pw) => pw });
  assert.deepEqual(noCerts.config.listeners.map((l) => l.type), ['tcp', 'ws']);
  assert.match(noCerts.unsupported['@tls'] ?? '', /launched without TLS listeners/);
  assert.match(noCerts.unsupported['@wss'] ?? '', /launched without TLS listeners/);
});
