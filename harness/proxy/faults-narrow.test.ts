// The narrow faults at hook level (a stub connection, no broker): each rewrites what it should and
// passes everything else byte-exact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import mqttPacket from 'mqtt-packet';
import type { IPublishPacket, ISubackPacket, Packet } from 'mqtt-packet';
import { findFault } from './faults/index.ts';
import { literalWildcards } from './faults/wildcards-never-match.ts';
import { makeFrame } from './frame-reader.ts';
import { stubConnection } from './testing/stub-context.ts';

const publish = (topic: string, qos: 0 | 1 | 2, extra: Partial<IPublishPacket> = {}): IPublishPacket => ({
  cmd: 'publish', topic, payload: Buffer.from('x'), qos, dup: false, retain: false, ...(qos > 0 ? { messageId: 7 } : {}), ...extra,
});
const connect = (extra: Record<string, unknown> = {}): Packet =>
  ({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'c', ...extra }) as Packet;

/** CONNECT with a zero-length client id and clean session 0 (mqtt-packet refuses to generate it). */
function refusedConnectFrame() {
  const bytes = mqttPacket.generate(connect({ clientId: '' }));
  bytes[9] = 0x00; // connect flags: clean session 0
  return makeFrame(bytes);
}

test('reserved-suback-code: granted codes become 0x03, 0x80 stays; a SUBACK of failures only passes', () => {
  const stub = stubConnection(findFault('reserved-suback-code'));
  const suback: ISubackPacket = { cmd: 'suback', messageId: 3, granted: [0, 0x80, 2] };
  const out = stub.fromBroker(suback) as Buffer;
  assert.deepEqual([...out], [0x90, 0x05, 0x00, 0x03, 0x03, 0x80, 0x03]);
  assert.equal(stub.fromBroker({ cmd: 'suback', messageId: 4, granted: [0x80] }), undefined);
  assert.equal(stub.fromBroker(publish('t', 0)), undefined);
  assert.equal(stub.applied.length, 1);
});

test('qos0-retained-keeps-old: only a non-empty retained QoS 0 publish to a topic already retained loses its RETAIN flag', () => {
  const stub = stubConnection(findFault('qos0-retained-keeps-old'));
  assert.equal(stub.fromClient(publish('a', 0, { retain: true })), undefined, 'first retained message on a: stored as usual');
  assert.equal(stub.fromClient(publish('b', 1, { retain: true })), undefined);
  const rewritten = stub.decode(stub.fromClient(publish('b', 0, { retain: true, payload: Buffer.from('new') })), publish('b', 0));
  assert.equal((rewritten[0] as IPublishPacket).retain, false);
  assert.equal((rewritten[0] as IPublishPacket).payload.toString(), 'new');
  assert.equal(stub.fromClient(publish('b', 0, { retain: true, payload: Buffer.alloc(0) })), undefined, 'an empty one (a delete) passes');
  assert.equal(stub.fromClient(publish('b', 0, { retain: true })), undefined, 'after the delete nothing is retained on b');
  assert.equal(stub.fromClient(publish('c', 0)), undefined, 'non-retained passes');
  assert.equal(stub.applied.length, 1);
});

test('reuse-delivery-packet-id: a second delivery in flight takes the first one\'s id; acks map back in order', () => {
  const stub = stubConnection(findFault('reuse-delivery-packet-id'));
  assert.equal(stub.fromBroker(publish('t', 1, { messageId: 10 })), undefined);
  const second = stub.decode(stub.fromBroker(publish('t', 1, { messageId: 11 })), publish('t', 1));
  assert.equal((second[0] as IPublishPacket).messageId, 10);
  assert.equal(stub.fromBroker(publish('t', 0)), undefined, 'QoS 0 passes');
  assert.equal(stub.fromClient({ cmd: 'puback', messageId: 10 }), undefined, 'the first ack is already 10');
  const ack = stub.decode(stub.fromClient({ cmd: 'puback', messageId: 10 }), { cmd: 'puback', messageId: 10 });
  assert.equal(ack[0]?.messageId, 11);
  assert.equal(stub.fromBroker(publish('t', 1, { messageId: 12 })), undefined, 'nothing in flight: a new delivery keeps its id');
});

test('shared-empty-client-id: every zero-length id with clean session 1 gets the same id; others pass', () => {
  const shared = new Map<string, unknown>();
  const a = stubConnection(findFault('shared-empty-client-id'), { shared, connectionId: 1 });
  const b = stubConnection(findFault('shared-empty-client-id'), { shared, connectionId: 2 });
  const idOf = (stub: typeof a): string => (stub.decode(stub.fromClient(connect({ clientId: '' })), connect())[0] as { clientId: string }).clientId;
  const first = idOf(a);
  assert.match(first, /^empty-[0-9a-f]{8}$/);
  assert.equal(idOf(b), first);
  assert.equal(a.fromClient(connect({ clientId: 'named' })), undefined);
  assert.equal(a.hooks.onClientPacket?.(refusedConnectFrame()), undefined);
});

test('lossy-stream: the first live PUBLISH to a clean-session connection is lost, nothing else', () => {
  const stub = stubConnection(findFault('lossy-stream'));
  stub.fromClient(connect());
  assert.equal(stub.fromBroker(publish('t', 0, { retain: true })), undefined, 'a retained delivery passes');
  assert.equal(stub.fromBroker(publish('t', 1)), 'drop');
  assert.equal(stub.fromBroker(publish('t', 1)), undefined);
  const persistent = stubConnection(findFault('lossy-stream'));
  persistent.fromClient(connect({ clean: false }));
  assert.equal(persistent.fromBroker(publish('t', 1)), undefined, 'a persistent session is left alone');
});

test('require-extension: a live PUBLISH from a client without a user name is acknowledged and dropped', () => {
  const stub = stubConnection(findFault('require-extension'));
  stub.fromClient(connect());
  assert.equal(stub.fromClient(publish('t', 1)), 'drop');
  assert.deepEqual(stub.toClient, [{ cmd: 'puback', messageId: 7 }]);
  assert.equal(stub.fromClient(publish('t', 0, { retain: true })), undefined, 'retained passes');
  const named = stubConnection(findFault('require-extension'));
  named.fromClient(connect({ username: 'u' }));
  assert.equal(named.fromClient(publish('t', 1)), undefined);
});

test('wildcards-never-match: + and # levels become literals in SUBSCRIBE and UNSUBSCRIBE, exact filters pass', () => {
  assert.equal(literalWildcards('a/+/b/#'), 'a/_plus_/b/_hash_');
  assert.equal(literalWildcards('a+/b#'), 'a+/b#', 'only whole levels are wildcards');
  const stub = stubConnection(findFault('wildcards-never-match'));
  const out = stub.decode(stub.fromClient({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 's/+', qos: 0 }] }), connect());
  assert.equal((out[0] as { subscriptions: { topic: string }[] }).subscriptions[0]?.topic, 's/_plus_');
  assert.equal(stub.fromClient({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 's/x', qos: 0 }] }), undefined);
});

test('close-instead-of-delivering: a PINGREQ closes the client instead of being answered; other packets pass', () => {
  const stub = stubConnection(findFault('close-instead-of-delivering'));
  assert.equal(stub.fromClient({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 0 }] }), undefined);
  assert.equal(stub.closed, false);
  assert.equal(stub.fromClient({ cmd: 'pingreq' }), 'drop');
  assert.equal(stub.closed, true);
  assert.equal(stub.applied.length, 1);
});

test('process-after-refused-connect: a refused CONNECT followed by a PUBLISH gets an id; the client is told 2 and closed', () => {
  const stub = stubConnection(findFault('process-after-refused-connect'));
  assert.equal(stub.hooks.onClientPacket?.(refusedConnectFrame()), 'drop', 'held until the next packet of the same read');
  const out = stub.decode(stub.fromClient(publish('t', 0)), publish('t', 0));
  assert.equal(out[0]?.cmd, 'connect');
  assert.match((out[0] as { clientId: string }).clientId, /^refused-1-/);
  assert.equal(out[1]?.cmd, 'publish');
  assert.equal(stub.fromBroker({ cmd: 'connack', returnCode: 0, sessionPresent: false }), 'drop');
  assert.deepEqual(stub.toClient, [{ cmd: 'connack', returnCode: 2, sessionPresent: false }]);
  assert.equal(stub.closed, true);
  const alone = stubConnection(findFault('process-after-refused-connect'));
  assert.equal(alone.hooks.onClientPacket?.(refusedConnectFrame()), 'drop');
  alone.runTimers();
  assert.equal(alone.toBroker.length, 1, 'a refused CONNECT with nothing after it goes on unchanged');
  assert.equal(alone.fromBroker({ cmd: 'connack', returnCode: 2, sessionPresent: false }), undefined);
  assert.equal(stubConnection(findFault('process-after-refused-connect')).fromClient(connect()), undefined, 'a valid CONNECT passes');
});

test('phantom-will: a connection without a will that drops publishes to the other open connections\' filters', () => {
  const shared = new Map<string, unknown>();
  const watcher = stubConnection(findFault('phantom-will'), { shared, connectionId: 1 });
  watcher.fromClient(connect());
  watcher.fromClient({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'p/#', qos: 0 }] });
  const dev = stubConnection(findFault('phantom-will'), { shared, connectionId: 2 });
  dev.fromClient(connect({ clientId: 'dev' }));
  dev.hooks.onClientClose?.();
  assert.equal(dev.toBroker.length, 1);
  assert.equal((dev.toBroker[0] as IPublishPacket).topic, 'p/x');
  const willed = stubConnection(findFault('phantom-will'), { shared, connectionId: 3 });
  willed.fromClient(connect({ clientId: 'w', will: { topic: 'w', payload: Buffer.from('bye'), qos: 0, retain: false } }));
  willed.hooks.onClientClose?.();
  assert.equal(willed.toBroker.length, 0, 'a connection with a will is left to the broker');
  const clean = stubConnection(findFault('phantom-will'), { shared, connectionId: 4, clientSentDisconnect: true });
  clean.fromClient(connect({ clientId: 'd' }));
  clean.hooks.onClientClose?.();
  assert.equal(clean.toBroker.length, 0, 'a DISCONNECT ends cleanly');
});

test('ignore-publish-acl: a PUBLISH to the denied topic is delivered to matching subscribers; others pass untouched', () => {
  const shared = new Map<string, unknown>();
  const sub = stubConnection(findFault('ignore-publish-acl'), { shared, connectionId: 1 });
  sub.fromClient({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'mqttc-denied/#', qos: 2 }] });
  const pub = stubConnection(findFault('ignore-publish-acl'), { shared, connectionId: 2 });
  assert.equal(pub.fromClient(publish('mqttc-denied/pub', 1)), undefined, 'still sent to the broker, which denies it');
  assert.equal(sub.toClient.length, 1);
  assert.equal((sub.toClient[0] as IPublishPacket).qos, 0);
  assert.equal(pub.fromClient(publish('mqttc-denied/other', 0)), undefined);
  assert.equal(sub.toClient.length, 1, 'other topics are the broker\'s business');
});

test('forget-session-while-connected: after the first delivery to a clean session its filters are unsubscribed', () => {
  const stub = stubConnection(findFault('forget-session-while-connected'));
  stub.fromClient(connect());
  stub.fromClient({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'inbox', qos: 0 }] });
  assert.equal(stub.fromBroker(publish('inbox', 0)), undefined, 'the first message is delivered');
  const unsubscribe = stub.toBroker[0] as { cmd: string; messageId: number; unsubscriptions: string[] };
  assert.equal(unsubscribe.cmd, 'unsubscribe');
  assert.deepEqual(unsubscribe.unsubscriptions, ['inbox']);
  assert.equal(stub.fromBroker({ cmd: 'unsuback', messageId: unsubscribe.messageId } as Packet), 'drop', 'its UNSUBACK is the proxy\'s');
  assert.equal(stub.fromBroker({ cmd: 'unsuback', messageId: 5 } as Packet), undefined, 'the client\'s own UNSUBACK passes');
  assert.equal(stub.toBroker.length, 1, 'once');
  const persistent = stubConnection(findFault('forget-session-while-connected'));
  persistent.fromClient(connect({ clean: false }));
  persistent.fromClient({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'inbox', qos: 0 }] });
  persistent.fromBroker(publish('inbox', 0));
  assert.equal(persistent.toBroker.length, 0, 'a persistent session is left alone');
});

test('accept-text-frames and assume-frame-alignment decide per WebSocket message', () => {
  const text = stubConnection(findFault('accept-text-frames')).hooks;
  assert.equal(text.onClientWebSocketMessage?.(Buffer.from([0xc0, 0]), false), 'as-binary');
  assert.equal(text.onClientWebSocketMessage?.(Buffer.from([0xc0, 0]), true), undefined);
  const align = stubConnection(findFault('assume-frame-alignment')).hooks;
  const ping = mqttPacket.generate({ cmd: 'pingreq' });
  const two = Buffer.concat([ping, ping]);
  assert.deepEqual(align.onClientWebSocketMessage?.(two, true), ping, 'two packets in one frame: only the first');
  assert.equal(align.onClientWebSocketMessage?.(ping, true), undefined, 'one packet passes');
  assert.equal(align.onClientWebSocketMessage?.(two.subarray(0, 3), true), undefined, 'part of a packet passes (stock clients split packets)');
  const sub = findFault('wrong-websocket-subprotocol');
  assert.equal(sub.webSocketProtocol?.('mqtt', ['mqtt']), 'mqttv3.1');
  assert.equal(sub.webSocketProtocol?.('', []), '');
});

test('connack-before-close: a CONNECT the broker closes unanswered gets CONNACK 2 first; answered or pre-CONNECT closes pass', () => {
  const stub = stubConnection(findFault('connack-before-close'));
  stub.fromClient(connect());
  assert.equal(stub.hooks.onBrokerClose?.(), undefined, 'the client is closed as usual');
  assert.deepEqual(stub.toClient, [Buffer.from([0x20, 0x02, 0x00, 0x02])]);
  const answered = stubConnection(findFault('connack-before-close'));
  answered.fromClient(connect());
  answered.fromBroker({ cmd: 'connack', returnCode: 0, sessionPresent: false });
  answered.hooks.onBrokerClose?.();
  assert.equal(answered.toClient.length, 0);
  const early = stubConnection(findFault('connack-before-close'));
  early.hooks.onBrokerClose?.();
  assert.equal(early.toClient.length, 0, 'nothing sent before a CONNECT');
});

test('no-retained-on-resubscribe: retained messages for a repeated filter are swallowed, the first subscription\'s pass', () => {
  const stub = stubConnection(findFault('no-retained-on-resubscribe'));
  const subscribe = { cmd: 'subscribe' as const, messageId: 1, subscriptions: [{ topic: 'valve', qos: 1 as const }] };
  stub.fromClient(subscribe);
  assert.equal(stub.fromBroker(publish('valve', 1, { retain: true })), undefined, 'first subscription: delivered');
  stub.fromClient({ ...subscribe, messageId: 2 });
  assert.equal(stub.fromBroker(publish('valve', 1, { retain: true })), 'drop');
  assert.equal(stub.fromBroker(publish('valve', 1)), undefined, 'live messages pass');
  assert.equal(stub.fromBroker(publish('other', 1, { retain: true })), undefined, 'other filters pass');
});

test('session-present-on-refusal: a refusing CONNACK says session present 1; an accepting one passes', () => {
  const stub = stubConnection(findFault('session-present-on-refusal'));
  assert.deepEqual([...(stub.fromBroker({ cmd: 'connack', returnCode: 5, sessionPresent: false }) as Buffer)], [0x20, 0x02, 0x01, 0x05]);
  assert.equal(stub.fromBroker({ cmd: 'connack', returnCode: 0, sessionPresent: false }), undefined);
});

test('refuse-will-connect: CONNACK 0 to a CONNECT with a will becomes 3 and the client is closed; without a will it passes', () => {
  const stub = stubConnection(findFault('refuse-will-connect'));
  stub.fromClient(connect({ will: { topic: 'w', payload: Buffer.from('bye'), qos: 0, retain: false } }));
  assert.equal(stub.fromBroker({ cmd: 'connack', returnCode: 0, sessionPresent: false }), 'drop');
  assert.deepEqual(stub.toClient, [Buffer.from([0x20, 0x02, 0x00, 0x03])]);
  assert.equal(stub.closed, true);
  const plain = stubConnection(findFault('refuse-will-connect'));
  plain.fromClient(connect());
  assert.equal(plain.fromBroker({ cmd: 'connack', returnCode: 0, sessionPresent: false }), undefined);
});
