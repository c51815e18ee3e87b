// The probe's own ceiling: a stand-in "broker" in this process that acknowledges CONNECT/SUBSCRIBE and
// pipes the publisher's bytes straight to the subscriber. A real broker measured far below this figure
// is not being held back by the load generator (this figure is a lower bound: the stand-in shares the probe's CPU).
import { createServer, type Socket } from 'node:net';
import { runFlow, type FlowResult } from './flow.ts';

export async function probeCeiling(messages: number): Promise<FlowResult> {
  const subscribers = new Set<Socket>();
  const server = createServer((s) => {
    let connected = false;
    s.on('error', () => {});
    s.on('data', (d: Buffer) => {
      if (!connected) {
        connected = true;
        s.write(Buffer.from([0x20, 0x02, 0x00, 0x00])); // CONNACK accepted
        return;
      }
      if (d[0] === 0x82) {
        subscribers.add(s);
        s.write(Buffer.from([0x90, 0x03, d[2]!, d[3]!, 0x00])); // SUBACK, QoS 0 granted
        return;
      }
      if (d[0] === 0xe0) return void s.end(); // DISCONNECT
      for (const sub of subscribers) if (sub !== s) sub.write(d);
    });
    s.on('close', () => subscribers.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    return await runFlow({ port, qos: 0, subscribers: 1, messages, window: 1000, batch: 100, persistent: false, deadlineMs: 20_000, tag: 'ceiling' });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
