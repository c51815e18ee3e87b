// Every malformed / refused vector in vectors/malformed-3.1.1.ts against Broker.handle(): the
// connection is closed (after CONNACK with the expected code where one is due), the will of an
// accepted connection is published (abnormal close), and the broker keeps serving other clients.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from 'mqtt-packet';
import { RawClient, startBroker } from './doubles.ts';
import { MALFORMED_VECTORS } from './vectors/malformed-3.1.1.ts';

function declaredLengthMatches(bytes: Buffer): boolean {
  let value = 0;
  let mul = 1;
  let i = 1;
  for (; i <= 4; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) break;
  }
  return bytes.length === 1 + i + value;
}

describe('malformed packets (annotated vectors)', () => {
  for (const vec of MALFORMED_VECTORS) {
    it(`${vec.name} [${vec.spec}] → ${vec.expect === 'close' ? 'close' : `CONNACK ${vec.expect}, close`}`, async () => {
      if (!vec.name.startsWith('Remaining Length')) assert.ok(declaredLengthMatches(vec.bytes), 'vector remaining length is consistent');
      const tb = await startBroker();
      const watcher = RawClient.attach(tb);
      await watcher.connect({ clientId: 'watcher' });
      watcher.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'will/#', qos: 0 }] } as Packet);
      await watcher.next('suback');
      const c = RawClient.attach(tb);
      if (vec.afterConnect) {
        const ack = await c.connect({ clientId: 'v', will: { topic: 'will/v', payload: Buffer.from('gone'), qos: 0, retain: false } });
        assert.equal(ack.returnCode, 0);
      }
      c.send(vec.bytes);
      await c.waitClosed();
      if (vec.expect === 'close') {
        assert.equal(c.packets.length, 0, `nothing sent back, got ${c.packets.map((p) => p.cmd).join(',')}`);
      } else {
        const connack = await c.next('connack');
        assert.equal(connack.returnCode, vec.expect);
        assert.equal(connack.sessionPresent, false, '[MQTT-3.2.2-4]');
      }
      if (vec.afterConnect) {
        const will = await watcher.next('publish');
        assert.equal(will.topic, 'will/v', 'protocol-error close publishes the will');
      }
      assert.ok(tb.logger.lines.some((l) => l.event === 'connection-closed' && l.fields['reason'] !== 'client-disconnect'));
      // the broker still serves the other client
      await watcher.ping();
      await tb.broker.close();
    });
  }
});
