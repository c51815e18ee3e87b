import assert from 'node:assert/strict';
import { test } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { FrameReader, PacketType } from './frame-reader.ts';

const publish = mqttPacket.generate({ cmd: 'publish', topic: 'a/b', payload: Buffer.alloc(300, 7), qos: 1, messageId: 9, dup: false, retain: true });
const ping = Buffer.from([0xc0, 0x00]);

test('frames packets split across chunks and several packets in one chunk', () => {
  const reader = new FrameReader();
  const stream = Buffer.concat([ping, publish, ping]);
  const frames = [];
  for (let i = 0; i < stream.length; i += 7) frames.push(...reader.push(stream.subarray(i, i + 7)));
  assert.deepEqual(frames.map((r) => (r.kind === 'frame' ? r.frame.type : -1)), [PacketType.PINGREQ, PacketType.PUBLISH, PacketType.PINGREQ]);
  const second = frames[1];
  assert.ok(second?.kind === 'frame');
  assert.ok(second.frame.bytes.equals(publish), 'bytes are exactly the packet');
  assert.equal(second.frame.flags, 0x03, 'QoS 1 + RETAIN');
  assert.equal(second.frame.headerLength, 3, 'two-byte Remaining Length');
});

test('a malformed Remaining Length switches to raw pass-through of every later byte', () => {
  const reader = new FrameReader();
  const bad = Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]);
  const out = [...reader.push(ping), ...reader.push(bad), ...reader.push(Buffer.from([0xaa]))];
  assert.equal(out[0]?.kind, 'frame');
  assert.deepEqual(out.slice(1), [
    { kind: 'raw', bytes: bad },
    { kind: 'raw', bytes: Buffer.from([0xaa]) },
  ]);
  assert.ok(reader.isRaw);
});

test('an incomplete packet waits for more bytes', () => {
  const reader = new FrameReader();
  assert.deepEqual(reader.push(publish.subarray(0, 10)), []);
  const rest = reader.push(publish.subarray(10));
  assert.equal(rest.length, 1);
});
