// Well-formed packets the broker sends, byte by byte. Tested both ways: the broker's encoders
// produce these bytes and mqtt-packet's parser reads them back to the same fields (and its
// generate() produces the same bytes).
import { hex } from './hex.ts';

export const WELLFORMED = {
  publishQos0: {
    fields: { topic: 'a/b', payload: 'hi', qos: 0, retain: false, dup: false },
    bytes: hex(`
      30 07                  // PUBLISH, QoS 0, no DUP, no RETAIN; remaining length 7
      00 03 61 2f 62         // topic "a/b"
      68 69                  // payload "hi"`),
  },
  publishQos1RetainDup: {
    fields: { topic: 'a', payload: 'x', qos: 1, retain: true, dup: true, messageId: 258 },
    bytes: hex(`
      3b 06                  // PUBLISH, DUP (0x08) | QoS 1 (0x02) | RETAIN (0x01); remaining length 6
      00 01 61               // topic "a"
      01 02                  // packet id 258
      78                     // payload "x"`),
  },
  publishQos2Empty: {
    fields: { topic: 't', payload: '', qos: 2, retain: false, dup: false, messageId: 65535 },
    bytes: hex(`
      34 05                  // PUBLISH, QoS 2; remaining length 5
      00 01 74               // topic "t"
      ff ff                  // packet id 65535, no payload`),
  },
  publishLong: {
    // 200-byte payload: two-byte Remaining Length
    fields: { topic: 'l', payload: 'z'.repeat(200), qos: 0, retain: false, dup: false },
    bytes: Buffer.concat([
      hex(`
      30 cb 01               // PUBLISH QoS 0; remaining length 203 = 0x4b + 1*128
      00 01 6c               // topic "l"`),
      Buffer.alloc(200, 'z'),
    ]),
  },
  puback: { bytes: hex('40 02 00 07 // PUBACK, remaining length 2, packet id 7') },
  pubrec: { bytes: hex('50 02 00 07 // PUBREC, packet id 7') },
  pubrel: { bytes: hex('62 02 00 07 // PUBREL, flags 0010 [MQTT-3.6.1-1], packet id 7') },
  pubcomp: { bytes: hex('70 02 00 07 // PUBCOMP, packet id 7') },
  unsuback: { bytes: hex('b0 02 01 00 // UNSUBACK, packet id 256') },
  suback: {
    bytes: hex(`
      90 05                  // SUBACK, remaining length 5
      00 09                  // packet id 9
      00 01 80               // return codes: QoS 0, QoS 1, failure`),
  },
  connackPresent: { bytes: hex('20 02 01 00 // CONNACK, Session Present 1, return code 0') },
  connackRefused: { bytes: hex('20 02 00 05 // CONNACK, Session Present 0, 0x05 not authorized') },
  pingresp: { bytes: hex('d0 00 // PINGRESP') },
} as const;
