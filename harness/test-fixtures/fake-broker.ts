// A stand-in for the reference broker CLI in the runner's tests: Aedes on TCP and WebSocket,
// printing the same protocol (`listening <url>` per listener, then `ready`; SIGTERM → exit 0).
// Usage: node --import tsx harness/test-fixtures/fake-broker.ts --config FILE
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

const configIndex = process.argv.indexOf('--config');
const configFile = process.argv[configIndex + 1];
if (configIndex < 0 || configFile === undefined) {
  process.stderr.write('fake-broker: --config FILE is required\n');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configFile, 'utf8')) as { listeners: { type: string; host: string; port: number; path?: string }[] };
if (process.env['FAKE_BROKER_FAIL'] === '1') {
  process.stderr.write('fake-broker: failing on purpose\n');
  process.exit(3);
}
const broker = await Aedes.createBroker();
const closers: (() => Promise<void>)[] = [];
for (const l of config.listeners) {
  if (l.type === 'tcp') {
    const server = createTcpServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(l.port, l.host, resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    process.stdout.write(`listening mqtt://${l.host}:${(server.address() as AddressInfo).port}\n`);
  } else if (l.type === 'ws') {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: l.path ?? '/mqtt' });
    wss.on('connection', (socket, request) => broker.handle(createWebSocketStream(socket) as never, request));
    await new Promise<void>((resolve) => http.listen(l.port, l.host, resolve));
    closers.push(() => new Promise((resolve) => { wss.close(); http.close(() => resolve()); http.closeAllConnections(); }));
    process.stdout.write(`listening ws://${l.host}:${(http.address() as AddressInfo).port}${l.path ?? '/mqtt'}\n`);
  }
}
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  broker.close(() => { void Promise.all(closers.map((c) => c())).then(() => process.exit(0)); });
});
