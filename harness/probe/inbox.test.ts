import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Inbox } from './inbox.ts';

const even = (n: number): boolean => n % 2 === 0;

test('take: an item already waiting, oldest first; a later arrival; a timeout with the caller error', async () => {
  const inbox = new Inbox<number>();
  inbox.push(1);
  inbox.push(2);
  inbox.push(4);
  assert.equal(await inbox.take(even, 10, () => new Error('none')), 2);
  assert.deepEqual(inbox.pending, [1, 4]);
  const later = inbox.take((n) => n === 6, 1000, () => new Error('none'));
  inbox.push(6);
  assert.equal(await later, 6);
  assert.deepEqual(inbox.pending, [1, 4]);
  await assert.rejects(inbox.take((n) => n === 9, 20, () => new Error('no 9')), /no 9/);
});

test('none: passes a quiet window, fails on an item waiting or arriving, and a waiter takes an arrival before the inbox', async () => {
  const inbox = new Inbox<number>();
  await inbox.none(even, 20, (n) => new Error(`got ${n}`));
  const quiet = inbox.none(even, 1000, (n) => new Error(`got ${n}`));
  inbox.push(3);
  inbox.push(8);
  await assert.rejects(quiet, /got 8/);
  assert.deepEqual(inbox.pending, [3]);
  inbox.push(10);
  await assert.rejects(inbox.none(even, 1000, (n) => new Error(`got ${n}`)), /got 10/);
});
