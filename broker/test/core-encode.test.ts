// The broker's hand-written encoders against the annotated vectors and against mqtt-packet, both ways.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { encodeAck, encodeConnack, encodePublish, encodeSuback, PINGRESP_BYTES, PUBACK, PUBCOMP, PUBREC, PUBREL, PublishTemplate, UNSUBACK } from '../protocol/encode.ts';
import { Framer } from '../protocol/framer.ts';
import { WELLFORMED as W } from './vectors/wellformed-3.1.1.ts';

function parseOne(bytes: Buffer): Packet {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const out: Packet[] = [];
  parser.on('packet', (p: Packet) => out.push(p));
  parser.on('error', (e: Error) => assert.fail(e));
  parser.parse(bytes);
  assert.equal(out.length, 1);
  return out[0]!;
}

describe('encoders (both ways)', () => {
  for (const name of ['publishQos0', 'publishQos1RetainDup', 'publishQos2Empty', 'publishLong'] as const) {
    it(`PUBLISH ${name}`, () => {
      const v = W[name];
      const f = v.fields as { topic: string; payload: string; qos: 0 | 1 | 2; retain: boolean; dup: boolean; messageId?: number };
      const ours = encodePublish(f.topic, Buffer.from(f.payload), f.qos, f.retain, f.messageId ?? 0, f.dup);
      assert.equal(ours.toString('hex'), v.bytes.toString('hex'));
      const theirs = mqttPacket.generate({ cmd: 'publish', ...f, payload: Buffer.from(f.payload) } as Packet);
      assert.equal(theirs.toString('hex'), v.bytes.toString('hex'));
      const parsed = parseOne(v.bytes) as mqttPacket.IPublishPacket;
      assert.deepEqual(
        [parsed.topic, parsed.payload.toString(), parsed.qos, parsed.retain, parsed.dup, parsed.messageId],
        [f.topic, f.payload, f.qos, f.retain, f.dup, f.messageId],
      );
    });
  }

  it('a template patches packet id and DUP per recipient without touching the shared bytes', () => {
    const t = new PublishTemplate('a', Buffer.from('x'), 1, true);
    const a = t.withPacketId(258, true);
    const b = t.withPacketId(1, false);
    assert.equal(a.toString('hex'), W.publishQos1RetainDup.bytes.toString('hex'));
    assert.equal(b.toString('hex'), '3306000161000178');
    assert.equal(t.bytes.readUInt16BE(5), 0);
  });

  it('acknowledgements, SUBACK, CONNACK, PINGRESP', () => {
    assert.deepEqual(encodeAck(PUBACK, 7), W.puback.bytes);
    assert.deepEqual(encodeAck(PUBREC, 7), W.pubrec.bytes);
    assert.deepEqual(encodeAck(PUBREL, 7), W.pubrel.bytes);
    assert.deepEqual(encodeAck(PUBCOMP, 7), W.pubcomp.bytes);
    assert.deepEqual(encodeAck(UNSUBACK, 256), W.unsuback.bytes);
    assert.deepEqual(encodeSuback(9, [0, 1, 0x80]), W.suback.bytes);
    assert.deepEqual(encodeConnack(0, true), W.connackPresent.bytes);
    assert.deepEqual(encodeConnack(5, true), W.connackRefused.bytes, 'Session Present 0 with a refusal [MQTT-3.2.2-4]');
    assert.deepEqual(PINGRESP_BYTES, W.pingresp.bytes);
    assert.deepEqual(mqttPacket.generate({ cmd: 'puback', messageId: 7 } as Packet), W.puback.bytes);
    assert.deepEqual(mqttPacket.generate({ cmd: 'pubrel', messageId: 7 } as Packet), W.pubrel.bytes);
    assert.deepEqual(mqttPacket.generate({ cmd: 'suback', messageId: 9, granted: [0, 1, 128] } as Packet), W.suback.bytes);
    assert.deepEqual(mqttPacket.generate({ cmd: 'connack', sessionPresent: true, returnCode: 0 } as Packet), W.connackPresent.bytes);
    const suback = parseOne(W.suback.bytes) as mqttPacket.ISubackPacket;
    assert.deepEqual([suback.messageId, suback.granted], [9, [0, 1, 128]]);
  });
});

describe('framer', () => {
  it('cuts packets split at every byte boundary and glued together', () => {
    const stream = Buffer.concat([W.publishLong.bytes, W.puback.bytes, W.publishQos0.bytes, W.pingresp.bytes]);
    for (let cut = 1; cut < stream.length; cut += 7) {
      const frames: string[] = [];
      const framer = new Framer(1024);
      for (let i = 0; i < stream.length; i += cut) framer.push(stream.subarray(i, i + cut), (f) => frames.push(f.toString('hex')) > 0);
      assert.deepEqual(frames, [W.publishLong.bytes, W.puback.bytes, W.publishQos0.bytes, W.pingresp.bytes].map((b) => b.toString('hex')));
    }
  });
});
