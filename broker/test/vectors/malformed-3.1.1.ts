// Malformed or refused MQTT 3.1.1 packets, byte by byte, with what a server must do with each.
// `afterConnect`: sent after a valid CONNECT/CONNACK (client id "v", will on "will/v" so that the
// test can tell an abnormal close, which publishes it, from a DISCONNECT).
// `expect`: 'close' = close without sending anything; a number = CONNACK with that code, then close.
import { hex } from './hex.ts';

export interface MalformedVector {
  name: string;
  spec: string;
  afterConnect: boolean;
  expect: 'close' | number;
  bytes: Buffer;
}

const v = (name: string, spec: string, afterConnect: boolean, expect: 'close' | number, annotated: string): MalformedVector => ({
  name,
  spec,
  afterConnect,
  expect,
  bytes: hex(annotated),
});

export const MALFORMED_VECTORS: MalformedVector[] = [
  v('first packet is PINGREQ, not CONNECT', 'MQTT-3.1.0-1', false, 'close', `
    c0 00                    // PINGREQ, remaining length 0`),
  v('CONNECT reserved flag set', 'MQTT-3.1.2-3', false, 'close', `
    10 0d                    // CONNECT, remaining length 13
    00 04 4d 51 54 54        // protocol name "MQTT"
    04                       // protocol level 4
    03                       // flags: CleanSession (0x02) | reserved bit 0 (0x01)
    00 00                    // keepalive 0
    00 01 63                 // client id "c"`),
  v('protocol name MQTT with level 3', 'MQTT-3.1.2-2', false, 0x01, `
    10 0d                    // CONNECT, remaining length 13
    00 04 4d 51 54 54        // protocol name "MQTT"
    03                       // protocol level 3: not the level of "MQTT"
    02                       // flags: CleanSession
    00 00                    // keepalive 0
    00 01 63                 // client id "c"`),
  v('protocol level 6 (unknown)', 'MQTT-3.1.2-2', false, 0x01, `
    10 0d                    // CONNECT, remaining length 13
    00 04 4d 51 54 54        // protocol name "MQTT"
    06                       // protocol level 6
    02                       // flags: CleanSession
    00 00                    // keepalive 0
    00 01 63                 // client id "c"`),
  v('protocol name MQTX', 'MQTT-3.1.2-1', false, 'close', `
    10 0d                    // CONNECT, remaining length 13
    00 04 4d 51 54 58        // protocol name "MQTX"
    04                       // protocol level 4
    02                       // flags: CleanSession
    00 00                    // keepalive 0
    00 01 63                 // client id "c"`),
  v('will QoS 3', 'MQTT-3.1.2-14', false, 'close', `
    10 12                    // CONNECT, remaining length 18
    00 04 4d 51 54 54        // protocol name "MQTT"
    04                       // protocol level 4
    1e                       // flags: will QoS 3 (0x18) | will flag (0x04) | CleanSession (0x02)
    00 00                    // keepalive 0
    00 01 63                 // client id "c"
    00 01 77                 // will topic "w"
    00 00                    // will payload, empty`),
  v('will retain without will flag', 'MQTT-3.1.2-15', false, 'close', `
    10 0d                    // CONNECT, remaining length 13
    00 04 4d 51 54 54        // protocol name "MQTT"
    04                       // protocol level 4
    22                       // flags: will retain (0x20) | CleanSession, will flag 0
    00 00                    // keepalive 0
    00 01 63                 // client id "c"`),
  v('password flag without user name flag', 'MQTT-3.1.2-22', false, 'close', `
    10 11                    // CONNECT, remaining length 17
    00 04 4d 51 54 54        // protocol name "MQTT"
    04                       // protocol level 4
    42                       // flags: password (0x40) | CleanSession, user name flag 0
    00 00                    // keepalive 0
    00 01 63                 // client id "c"
    00 02 70 77              // password "pw"`),
  v('zero-length client id with CleanSession 0', 'MQTT-3.1.3-8', false, 0x02, `
    10 0c                    // CONNECT, remaining length 12
    00 04 4d 51 54 54        // protocol name "MQTT"
    04                       // protocol level 4
    00                       // flags: CleanSession 0
    00 00                    // keepalive 0
    00 00                    // client id, zero bytes`),
  v('ill-formed UTF-8 in client id', 'MQTT-1.5.3-1', false, 'close', `
    10 0d                    // CONNECT, remaining length 13
    00 04 4d 51 54 54        // protocol name "MQTT"
    04                       // protocol level 4
    02                       // flags: CleanSession
    00 00                    // keepalive 0
    00 01 ff                 // client id: 0xff is never valid UTF-8`),
  v('U+0000 in client id', 'MQTT-1.5.3-2', false, 'close', `
    10 0d                    // CONNECT, remaining length 13
    00 04 4d 51 54 54        // protocol name "MQTT"
    04                       // protocol level 4
    02                       // flags: CleanSession
    00 00                    // keepalive 0
    00 01 00                 // client id: U+0000`),
  v('second CONNECT', 'MQTT-3.1.0-2', true, 'close', `
    10 0d                    // CONNECT, remaining length 13
    00 04 4d 51 54 54        // protocol name "MQTT"
    04                       // protocol level 4
    02                       // flags: CleanSession
    00 00                    // keepalive 0
    00 01 76                 // client id "v"`),
  v('PUBLISH with QoS 3', 'MQTT-3.3.1-4', true, 'close', `
    36 05                    // PUBLISH, QoS bits 11, remaining length 5
    00 01 61                 // topic "a"
    00 01                    // packet id 1`),
  v('PUBLISH topic with wildcard', 'MQTT-3.3.2-2', true, 'close', `
    30 05                    // PUBLISH QoS 0, remaining length 5
    00 03 61 2f 23           // topic "a/#"`),
  v('PUBLISH topic with U+0000', 'MQTT-1.5.3-2', true, 'close', `
    30 05                    // PUBLISH QoS 0, remaining length 5
    00 03 61 00 62           // topic "a\\0b"`),
  v('PUBLISH topic with an encoded surrogate', 'MQTT-1.5.3-1', true, 'close', `
    30 05                    // PUBLISH QoS 0, remaining length 5
    00 03 ed a0 80           // topic: U+D800 encoded, ill-formed UTF-8`),
  v('PUBLISH QoS 1 with packet id 0', 'MQTT-2.3.1-1', true, 'close', `
    32 05                    // PUBLISH QoS 1, remaining length 5
    00 01 61                 // topic "a"
    00 00                    // packet id 0`),
  v('PUBLISH with empty topic', 'MQTT-4.7.3-1', true, 'close', `
    30 02                    // PUBLISH QoS 0, remaining length 2
    00 00                    // topic, zero bytes`),
  v('SUBSCRIBE with fixed header flags 0000', 'MQTT-3.8.1-1', true, 'close', `
    80 06                    // SUBSCRIBE with flags 0000 (must be 0010), remaining length 6
    00 01                    // packet id 1
    00 01 61 00              // filter "a", QoS 0`),
  v('SUBSCRIBE requesting QoS 3', 'MQTT-3-8.3-4', true, 'close', `
    82 06                    // SUBSCRIBE, remaining length 6
    00 01                    // packet id 1
    00 01 61 03              // filter "a", requested QoS 3`),
  v('SUBSCRIBE with reserved bits in requested QoS', 'MQTT-3-8.3-4', true, 'close', `
    82 06                    // SUBSCRIBE, remaining length 6
    00 01                    // packet id 1
    00 01 61 04              // filter "a", requested QoS byte 0x04: reserved bit 2 set`),
  v('SUBSCRIBE without payload', 'MQTT-3.8.3-3', true, 'close', `
    82 02                    // SUBSCRIBE, remaining length 2
    00 01                    // packet id 1, no topic filters`),
  v('SUBSCRIBE with filter "a#"', 'MQTT-4.7.1-2', true, 'close', `
    82 07                    // SUBSCRIBE, remaining length 7
    00 01                    // packet id 1
    00 02 61 23 00           // filter "a#": '#' not a whole level, QoS 0`),
  v('SUBSCRIBE with filter "a/+b"', 'MQTT-4.7.1-3', true, 'close', `
    82 09                    // SUBSCRIBE, remaining length 9
    00 01                    // packet id 1
    00 04 61 2f 2b 62        // filter "a/+b": '+' not a whole level
    00                       // requested QoS 0`),
  v('UNSUBSCRIBE with fixed header flags 0000', 'MQTT-3.10.1-1', true, 'close', `
    a0 05                    // UNSUBSCRIBE with flags 0000 (must be 0010), remaining length 5
    00 01                    // packet id 1
    00 01 61                 // filter "a"`),
  v('UNSUBSCRIBE without payload', 'MQTT-3.10.3-2', true, 'close', `
    a2 02                    // UNSUBSCRIBE, remaining length 2
    00 01                    // packet id 1, no topic filters`),
  v('PUBREL with fixed header flags 0000', 'MQTT-3.6.1-1', true, 'close', `
    60 02                    // PUBREL with flags 0000 (must be 0010), remaining length 2
    00 01                    // packet id 1`),
  v('DISCONNECT with reserved flags set', 'MQTT-3.14.1-1', true, 'close', `
    e1 00                    // DISCONNECT with flags 0001, remaining length 0`),
  v('PINGREQ with reserved flags set', 'MQTT-2.2.2-2', true, 'close', `
    c8 00                    // PINGREQ with flags 1000, remaining length 0`),
  v('Remaining Length of five bytes', 'MQTT-4.8.0-1', true, 'close', `
    30                       // PUBLISH QoS 0
    ff ff ff ff 01           // Remaining Length: fifth byte, at most four are allowed`),
  v('PINGREQ with a body', 'MQTT-4.8.0-1', true, 'close', `
    c0 01                    // PINGREQ, remaining length 1 (must be 0)
    00                       // unexpected byte`),
  v('PUBACK with an extra byte', 'MQTT-4.8.0-1', true, 'close', `
    40 03                    // PUBACK, remaining length 3 (must be 2)
    00 01                    // packet id 1
    00                       // unexpected byte`),
  v('DISCONNECT with a body', 'MQTT-4.8.0-1', true, 'close', `
    e0 01                    // DISCONNECT, remaining length 1 (must be 0): not a clean DISCONNECT, so the will is published
    00                       // unexpected byte`),
  v('CONNACK sent by a client', 'MQTT-4.8.0-1', true, 'close', `
    20 02                    // CONNACK, remaining length 2
    00 00                    // flags, return code 0`),
];
