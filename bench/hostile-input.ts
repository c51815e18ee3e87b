// Hostile input (issue 12): `clients` connections (default 2,000) each announce a PUBLISH of 256 MiB
// and trickle its body (`chunk` bytes per client per round, `rounds` rounds), against the broker run
// with maxPacketSize 256 MiB (the old default) so that only the input budget (64 MiB) bounds it.
// Reports the broker's buffered input, evictions and RSS before and after.
// Usage: node --import tsx bench/hostile-input.ts [--clients 2000] [--chunk 4096] [--rounds 32]
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { encodeConnect } from './wire.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const clients = arg('clients', 2000);
const chunkSize = arg('chunk', 4096);
const rounds = arg('rounds', 32);
const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/soak-broker.ts', '--max-packet-size', String(268_435_455)], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
const waiting: ((line: string) => void)[] = [];
createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.(line));
const nextLine = (): Promise<string> => new Promise((r) => waiting.push(r));
const port = Number((await nextLine()).split(' ')[1]);
const sample = async (): Promise<Record<string, number>> => {
  child.stdin!.write('sample\n');
  return JSON.parse((await nextLine()).slice(7)) as Record<string, number>;
};
const mib = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;
const before = await sample();
const sockets: Socket[] = [];
for (let i = 0; i < clients; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, clients - i) }, (_, k) => new Promise<void>((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(encodeConnect(`hostile-${i + k}`, true));
      // PUBLISH, Remaining Length 268,435,440 (f0 ff ff 7f: the whole packet just under the limit), topic "t"
      s.write(Buffer.from([0x30, 0xf0, 0xff, 0xff, 0x7f, 0x00, 0x01, 0x74]));
      resolve();
    });
    s.on('error', () => undefined);
    sockets.push(s);
  })));
}
const chunk = Buffer.alloc(chunkSize, 0x61);
for (let r = 0; r < rounds; r++) {
  for (const s of sockets) if (!s.destroyed) s.write(chunk);
  await new Promise((res) => setTimeout(res, 20));
}
await new Promise((res) => setTimeout(res, 500));
const after = await sample();
const open = sockets.filter((s) => !s.destroyed && !s.readableEnded).length;
process.stdout.write([
  `## Hostile input: ${clients} clients announce 256 MiB each (${mib(clients * 268_435_455)} announced), trickle ${mib(clients * chunkSize * rounds)} in total`,
  '',
  `| | before | after |`,
  `|---|---|---|`,
  `| broker RSS | ${mib(before.rss!)} | ${mib(after.rss!)} |`,
  `| heap after GC | ${mib(before.heapUsed!)} | ${mib(after.heapUsed!)} |`,
  `| buffered input (partial packets) | ${mib(before.inputBufferedBytes!)} | ${mib(after.inputBufferedBytes!)} (budget 64 MiB) |`,
  `| connections closed by the budget | 0 | ${after.inputBudgetEvictions} (client sockets still open: ${open}) |`,
  '',
].join('\n'));
for (const s of sockets) s.destroy();
child.stdin!.write('stop\n');
await new Promise((r) => child.once('exit', r));
