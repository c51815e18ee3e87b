// Steps of the will area (features/06-will): a client that falls silent, and the server's close of
// its connection checked against a measured keep-alive window rather than after a fixed pause.
import { When, Then } from '../support/define.ts';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from '../support/world.ts';

/** When each client of a scenario last sent anything (Date.now()), per World. */
const silentSince = new WeakMap<ConformanceWorld, Map<string, number>>();

When('client {string} sends nothing more', function (this: ConformanceWorld, name: string) {
  // The client's last packet (CONNECT) went out just before this step; the window starts now.
  this.client(name);
  const map = silentSince.get(this) ?? new Map<string, number>();
  map.set(name, Date.now());
  silentSince.set(this, map);
});

Then('the broker closes the connection of client {string} between {float} and {float} seconds after it went silent', async function (this: ConformanceWorld, name: string, lower: number, upper: number) {
  const since = silentSince.get(this)?.get(name);
  assert.ok(since !== undefined, `harness: client ${name} has no "sends nothing more" step before this one`);
  // The upper bound stretches with the target's time scale; the lower bound never shrinks.
  await this.client(name).waitClosed(Math.max(0, Math.round(since + upper * 1000 * this.target.timeScale - Date.now())));
  const elapsed = Date.now() - since;
  assert.ok(elapsed >= lower * 1000, `expected the broker to wait at least ${lower} s before closing ${name}'s silent connection; it closed it after ${elapsed} ms`);
});
