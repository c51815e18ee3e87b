// TLS listener security over real sockets, with certificates made at test time by the openssl CLI:
// TLS 1.1 is refused (while the same client reaches a server that allows 1.1, so it can offer it);
// a verified client certificate authenticates the client with its CN as username (the ACL applies
// to it); a certificate from another CA is closed; requireClientCert refuses a client without one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Packet } from 'mqtt-packet';
import { ConfigAuthorizer } from '../auth/config-authorizer.ts';
import { hashPassword } from '../auth/password.ts';
import { startTlsListener } from '../listeners/tls-listener.ts';
import type { RunningListener } from '../listeners/listener.ts';
import { RawClient, startBroker } from './doubles.ts';
import type { TestBroker } from './doubles.ts';

const dir = mkdtempSync(join(tmpdir(), 'core2-tls-'));
const file = (name: string): string => join(dir, name);
const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });

function makeCa(name: string): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-days', '1', '-subj', `/CN=${name}`);
}

function makeCert(name: string, cn: string, ca: string, ext?: string): void {
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${cn}`);
  const extArgs: string[] = [];
  if (ext) {
    writeFileSync(file(`${name}.ext`), ext);
    extArgs.push('-extfile', file(`${name}.ext`));
  }
  openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${ca}.crt`), '-CAkey', file(`${ca}.key`), '-CAcreateserial', '-days', '1', '-out', file(`${name}.crt`), ...extArgs);
}

function open(port: number, options: ConnectionOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ port, host: '127.0.0.1', servername: 'localhost', ca: readFileSync(file('ca.crt')), ...options }, () => resolve(socket));
    socket.once('error', reject);
  });
}

const clientCert = (name: string): ConnectionOptions => ({ cert: readFileSync(file(`${name}.crt`)), key: readFileSync(file(`${name}.key`)) });

describe('TLS security', () => {
  let tb: TestBroker;
  let optional: RunningListener;
  let required: RunningListener;

  before(async () => {
    makeCa('ca');
    makeCa('rogue-ca');
    makeCert('server', 'localhost', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    makeCert('alice', 'alice', 'ca');
    makeCert('mallory', 'alice', 'rogue-ca'); // claims alice, signed by another CA
    const authorizer = new ConfigAuthorizer({
      allowAnonymous: false,
      users: [{ username: 'bob', passwordHash: await hashPassword('pw') }],
      acl: [
        { allow: true, action: 'all', topic: 'home/%u/#' },
        { allow: false, action: 'all', topic: 'home/#' },
      ],
    });
    tb = await startBroker({ authorizer, limits: { authBackoffBaseMs: 0 } });
    const tls = { type: 'tls' as const, host: '127.0.0.1', port: 0, cert: file('server.crt'), key: file('server.key') };
    const options = { logger: tb.logger, connectTimeoutMs: 3000 };
    optional = await startTlsListener({ ...tls, clientCa: file('ca.crt') }, tb.broker, options);
    required = await startTlsListener({ ...tls, clientCa: file('ca.crt'), requireClientCert: true }, tb.broker, options);
  });

  after(async () => {
    await tb.broker.close();
    await Promise.all([optional.close(), required.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses TLS 1.1, which the same client negotiates with a server allowing it', async () => {
    const old: ConnectionOptions = { maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' };
    const lax = createTlsServer({ cert: readFileSync(file('server.crt')), key: readFileSync(file('server.key')), minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => s.end());
    await new Promise<void>((r) => lax.listen(0, '127.0.0.1', r));
    try {
      const control = await open((lax.address() as AddressInfo).port, old);
      assert.equal(control.getProtocol(), 'TLSv1.1', 'this OpenSSL can offer TLS 1.1');
      control.destroy();
    } finally {
      lax.close();
    }
    await assert.rejects(open(optional.port, old), /protocol version|unsupported protocol/i);
    const modern = await open(optional.port, {});
    assert.match(modern.getProtocol() ?? '', /^TLSv1\.[23]$/);
    modern.destroy();
  });

  it('a verified client certificate authenticates without a password; its CN is the username for the ACL', async () => {
    const socket = await open(optional.port, clientCert('alice'));
    const c = new RawClient(socket);
    assert.equal((await c.connect({ clientId: 'alice-1' })).returnCode, 0, 'no user name, no password, anonymous off');
    c.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'home/alice/#', qos: 0 }, { topic: 'home/bob/#', qos: 0 }] } as Packet);
    assert.deepEqual((await c.next('suback')).granted, [0, 0x80]);
    // a user name in CONNECT does not override the certificate
    const other = new RawClient(await open(optional.port, clientCert('alice')));
    assert.equal((await other.connect({ clientId: 'alice-2', username: 'bob', password: Buffer.from('wrong') })).returnCode, 0);
    other.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'home/bob/#', qos: 0 }] } as Packet);
    assert.deepEqual((await other.next('suback')).granted, [0x80]);
    socket.destroy();
    other.destroy();
  });

  it('without a certificate (optional) the user name and password are checked as usual', async () => {
    const ok = new RawClient(await open(optional.port, {}));
    assert.equal((await ok.connect({ clientId: 'bob-1', username: 'bob', password: Buffer.from('pw') })).returnCode, 0);
    const bad = new RawClient(await open(optional.port, {}));
    assert.equal((await bad.connect({ clientId: 'bob-2', username: 'bob', password: Buffer.from('no') })).returnCode, 4);
    const anon = new RawClient(await open(optional.port, {}));
    assert.equal((await anon.connect({ clientId: 'anon' })).returnCode, 5);
    ok.destroy();
  });

  it('a certificate another CA signed is closed before any MQTT; requireClientCert refuses a client without one', async () => {
    const mallory = await open(optional.port, clientCert('mallory')).then(
      (s) => new RawClient(s),
      () => null, // TLS 1.3 may report the close as an error on the client
    );
    if (mallory) {
      mallory.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'mallory' } as Packet);
      await mallory.waitClosed(3000);
      assert.deepEqual(mallory.packets, [], 'no CONNACK');
    }
    assert.ok(tb.logger.events('tls.client-cert-rejected').length >= 1 || tb.logger.events('tls.handshake-failed').length >= 1);
    const bare = await open(required.port, {}).then((s) => new RawClient(s), () => null);
    if (bare) await bare.waitClosed(3000);
    const withCert = new RawClient(await open(required.port, clientCert('alice')));
    assert.equal((await withCert.connect({ clientId: 'alice-3' })).returnCode, 0);
    withCert.destroy();
  });
});
