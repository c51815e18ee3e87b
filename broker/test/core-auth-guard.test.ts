// Authentication failures: each failure from an address delays its refusal (doubling, capped), is
// logged and counted ($SYS too); password checks running at once are bounded overall and per address,
// beyond it a CONNECT is refused at once with 0x03 and costs no check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import { ConfigAuthorizer } from '../auth/config-authorizer.ts';
import { hashPassword } from '../auth/password.ts';
import type { AuthResult } from '../core/contracts.ts';
import { SYS_TOPICS } from '../sys/sys-publisher.ts';
import { duplexPair, RawClient, startBroker } from './doubles.ts';
import type { TestBroker } from './doubles.ts';

function attachFrom(tb: TestBroker, remoteAddress: string): RawClient {
  const [server, client] = duplexPair();
  tb.broker.handle(server, { transport: 'memory', remoteAddress });
  return new RawClient(client);
}

function sendConnect(c: RawClient, clientId: string, password = 'wrong'): void {
  c.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId, username: 'u', password: Buffer.from(password) } as Packet);
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('authentication guard', () => {
  it('delays the refusal of each failure from one address: 250, 500, 1000 ... capped at 8000 ms; another address and a success reset', async () => {
    const tb = await startBroker();
    tb.authorizer.result = 'bad-credentials';
    const expected = [250, 500, 1000, 2000, 4000, 8000, 8000];
    for (const [i, delay] of expected.entries()) {
      const c = attachFrom(tb, '10.0.0.1');
      sendConnect(c, `x${i}`);
      await until(() => tb.logger.events('auth-failed').length === i + 1, 2000, `failure ${i + 1} logged`);
      const line = tb.logger.events('auth-failed')[i]!;
      assert.deepEqual([line.fields['failures'], line.fields['delayMs'], line.fields['remoteAddress']], [i + 1, delay, '10.0.0.1']);
      tb.clock.advance(delay - 1);
      await turn();
      assert.deepEqual(c.packets, [], `no CONNACK before ${delay} ms`);
      tb.clock.advance(1);
      assert.equal((await c.next('connack')).returnCode, 4);
      await c.waitClosed();
    }
    // another address starts at the base delay
    const other = attachFrom(tb, '10.0.0.2');
    sendConnect(other, 'y');
    await until(() => tb.logger.events('auth-failed').length === expected.length + 1, 2000, 'other address logged');
    assert.equal(tb.logger.events('auth-failed').at(-1)!.fields['delayMs'], 250);
    tb.clock.advance(250);
    assert.equal((await other.next('connack')).returnCode, 4);
    // a success from the first address resets it
    tb.authorizer.result = 'ok';
    const good = attachFrom(tb, '10.0.0.1');
    sendConnect(good, 'good', 'right');
    assert.equal((await good.next('connack')).returnCode, 0);
    tb.authorizer.result = 'not-authorized';
    const again = attachFrom(tb, '10.0.0.1');
    sendConnect(again, 'again');
    await until(() => tb.logger.events('auth-failed').length === expected.length + 2, 2000, 'failure after success logged');
    assert.equal(tb.logger.events('auth-failed').at(-1)!.fields['delayMs'], 250);
    tb.clock.advance(250);
    assert.equal((await again.next('connack')).returnCode, 5);
    assert.equal(tb.broker.counters.authFailures, expected.length + 2);
    await tb.broker.close();
  });

  it('failures are counted in $SYS', async () => {
    const tb = await startBroker({ sysIntervalMs: 1000, limits: { authBackoffBaseMs: 0 } });
    tb.authorizer.result = 'bad-credentials';
    for (const id of ['a', 'b']) {
      const c = attachFrom(tb, '10.0.0.3');
      sendConnect(c, id);
      assert.equal((await c.next('connack')).returnCode, 4);
    }
    tb.authorizer.result = 'ok';
    tb.clock.advance(1000); // the next $SYS round
    const s = RawClient.attach(tb);
    await s.connect({ clientId: 'sys' });
    s.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: SYS_TOPICS.authFailures, qos: 0 }] } as Packet);
    await s.next('suback');
    assert.equal((await s.next('publish')).payload.toString(), '2'); // the retained value
    await tb.broker.close();
  });

  it('at most 8 checks run at once and 4 per address; beyond, 0x03 at once without a check', async () => {
    const tb = await startBroker();
    let started = 0;
    const finish: ((r: AuthResult) => void)[] = [];
    tb.authorizer.authenticate = () => {
      started++;
      return new Promise((r) => finish.push(r));
    };
    const same = Array.from({ length: 5 }, (_, i) => attachFrom(tb, '10.1.0.1'));
    same.forEach((c, i) => sendConnect(c, `same-${i}`));
    assert.equal((await same[4]!.next('connack')).returnCode, 3);
    assert.equal(started, 4);
    const others = Array.from({ length: 5 }, (_, i) => attachFrom(tb, `10.2.0.${i}`));
    others.forEach((c, i) => sendConnect(c, `other-${i}`));
    assert.equal((await others[4]!.next('connack')).returnCode, 3);
    assert.equal(started, 8);
    assert.equal(tb.broker.counters.authBusy, 2);
    const busy = tb.logger.events('connection-closed').filter((l) => l.fields['reason'] === 'connect-refused:server-unavailable').map((l) => [l.fields['cause'], l.fields['inFlight']]);
    assert.deepEqual(busy, [['auth-busy-address', 4], ['auth-busy', 8]]);
    // a finished check frees its slot
    for (const f of finish) f('ok');
    assert.equal((await same[0]!.next('connack')).returnCode, 0);
    const later = attachFrom(tb, '10.1.0.1');
    sendConnect(later, 'later');
    await until(() => started === 9, 2000, 'a new check to start');
    finish[8]!('ok');
    assert.equal((await later.next('connack')).returnCode, 0);
    await tb.broker.close();
  });

  it('with real scrypt hashes, 40 wrong passwords at once cost at most 8 scrypt runs in parallel', async () => {
    const hash = await hashPassword('right');
    const authorizer = new ConfigAuthorizer({ allowAnonymous: false, users: [{ username: 'u', passwordHash: hash }], acl: [] });
    const tb = await startBroker({ authorizer, limits: { authBackoffBaseMs: 0 } });
    const clients = Array.from({ length: 40 }, (_, i) => attachFrom(tb, `10.3.0.${i}`));
    clients.forEach((c, i) => sendConnect(c, `c${i}`));
    const codes = await Promise.all(clients.map(async (c) => (await c.next('connack', 10_000)).returnCode));
    assert.equal(codes.filter((c) => c === 4).length, 8, `8 checked and refused with 0x04: ${codes.join(',')}`);
    assert.equal(codes.filter((c) => c === 3).length, 32, 'the rest refused at once with 0x03');
    const ok = attachFrom(tb, '10.3.1.1');
    sendConnect(ok, 'ok', 'right');
    assert.equal((await ok.next('connack', 5000)).returnCode, 0, 'the slots are free again');
    await tb.broker.close();
  });
});
