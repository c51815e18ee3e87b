// Broker.handle() behind a real TCP server on an ephemeral port, driven by MQTT.js: QoS 0/1/2 fan-out,
// a persistent session resumed over a new socket, and the connection count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { connect, connectAsync } from 'mqtt';
import type { MqttClient } from 'mqtt';
import { startBroker } from './doubles.ts';
import type { TestBroker } from './doubles.ts';

describe('over TCP with MQTT.js', () => {
  let tb: TestBroker;
  let server: Server;
  let url = '';
  const clients: MqttClient[] = [];

  before(async () => {
    tb = await startBroker();
    server = createServer((socket) => tb.broker.handle(socket, { transport: 'tcp', remoteAddress: socket.remoteAddress }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await tb.broker.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = async (clientId: string, clean = true): Promise<MqttClient> => {
    const c = await connectAsync(url, { clientId, clean, reconnectPeriod: 0, protocolVersion: 4 });
    clients.push(c);
    return c;
  };

  it('fans out QoS 0, 1 and 2 to several subscribers, each at its granted QoS, in order', async () => {
    const subs = await Promise.all([0, 1, 2].map((q) => client(`tcp-sub-${q}`)));
    await Promise.all(subs.map((s, q) => s.subscribeAsync('tcp/#', { qos: q as 0 | 1 | 2 })));
    const received = subs.map(() => [] as string[]);
    const all = new Promise<void>((resolve) => {
      subs.forEach((s, i) =>
        s.on('message', (_t, payload, packet) => {
          received[i]!.push(`${payload.toString()}@${packet.qos}#${packet.topic.slice(4)}`);
          if (received.every((r) => r.length === 30)) resolve();
        }),
      );
    });
    const pub = await client('tcp-pub');
    for (let i = 0; i < 10; i++) {
      for (const q of [0, 1, 2] as const) await pub.publishAsync(`tcp/${q}`, `${i}`, { qos: q });
    }
    await all;
    // order is per topic (MQTT.js emits a QoS 2 message only at PUBREL, so compare topic by topic)
    for (let s = 0; s < 3; s++) {
      const byTopic = new Map<string, string[]>();
      for (const r of received[s]!) {
        const [payload, rest] = r.split('@') as [string, string];
        const [qos, topic] = rest.split('#') as [string, string];
        assert.equal(Number(qos), Math.min(Number(topic), s), 'min(publish QoS, granted QoS)');
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), payload]);
      }
      for (const q of ['0', '1', '2']) assert.deepEqual(byTopic.get(q), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    }
    assert.equal(tb.broker.connectionCount, 4);
  });

  it('resumes a persistent session on a new socket and delivers what was queued', async () => {
    const a = await client('tcp-durable', false);
    await a.subscribeAsync('keep/+', { qos: 1 });
    await a.endAsync();
    const pub = await client('tcp-pub2');
    await pub.publishAsync('keep/1', 'while away', { qos: 1 });
    // the handler is attached before CONNECT: queued messages follow CONNACK immediately
    const b = connect(url, { clientId: 'tcp-durable', clean: false, reconnectPeriod: 0, protocolVersion: 4 });
    clients.push(b);
    const got = new Promise<string>((resolve) => b.on('message', (_t, p) => resolve(p.toString())));
    const connack = await new Promise<{ sessionPresent: boolean }>((resolve) => b.once('connect', resolve));
    assert.equal(connack.sessionPresent, true);
    assert.equal(await got, 'while away');
  });
});
