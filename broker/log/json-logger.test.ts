import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonLogger } from './json-logger.ts';

function capture(level: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const logger = new JsonLogger({ level, write: (line) => lines.push(line), now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
  return { logger, lines };
}

test('writes one JSON object per line with time, level, event and fields', () => {
  const { logger, lines } = capture('info');
  logger.log('warn', 'packet.malformed', { clientId: 'c1', remoteAddress: '127.0.0.1' });
  assert.equal(lines.length, 1);
  assert.ok(lines[0]!.endsWith('\n'));
  assert.deepEqual(JSON.parse(lines[0]!), {
    t: '2026-01-02T03:04:05.000Z', level: 'warn', event: 'packet.malformed', clientId: 'c1', remoteAddress: '127.0.0.1',
  });
});

test('drops lines below the level', () => {
  const { logger, lines } = capture('warn');
  logger.log('debug', 'a');
  logger.log('info', 'b');
  logger.log('warn', 'c');
  logger.log('error', 'd');
  assert.deepEqual(lines.map((l) => JSON.parse(l).event), ['c', 'd']);
});

test('errors become name/message/code, buffers their size; fields cannot override t/level/event', () => {
  const { logger, lines } = capture('debug');
  const err = Object.assign(new Error('boom'), { code: 'EPIPE' });
  logger.log('error', 'socket.error', { err, payload: Buffer.from('secret'), level: 'debug' });
  const rec = JSON.parse(lines[0]!);
  assert.deepEqual(rec.err, { name: 'Error', message: 'boom', code: 'EPIPE' });
  assert.deepEqual(rec.payload, { bytes: 6 });
  assert.equal(rec.level, 'error');
});
