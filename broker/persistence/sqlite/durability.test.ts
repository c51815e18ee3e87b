// Durability of the real kind: a child process writes 2,000 records, awaits them, says "durable",
// and is SIGKILLed the moment the parent reads that line (no close(), no exit handlers). Every
// acknowledged record must be in the file when it is opened again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { durabilityRecord } from './durability-writer.fixture.ts';
import { SqlitePersistence } from './sqlite-persistence.ts';

const writer = fileURLToPath(new URL('./durability-writer.fixture.ts', import.meta.url));

it('records acknowledged before a SIGKILL are all there after reopening', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqttc-durability-'));
  const file = join(dir, 'broker.db');
  const count = 2_000;
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    const lines = createInterface({ input: child.stdout });
    const said = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('child never said "durable" within 45 s')), 45_000);
      lines.once('line', (line) => {
        child.kill('SIGKILL'); // at once, while it keeps committing
        clearTimeout(timer);
        resolve(line);
      });
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    assert.equal(said, `durable ${count}`);
    assert.equal(await exited, 'SIGKILL');

    const p = new SqlitePersistence({ file });
    await p.open();
    const { outbound } = await p.load();
    await p.close();
    assert.ok(outbound.length >= count, `expected at least ${count} records, found ${outbound.length}`);
    outbound.forEach((record, i) => {
      assert.equal(record.seq, i, 'no gap: later commits survive whole or not at all');
      assert.deepStrictEqual(record, durabilityRecord(i));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
