// The SQLite journal writer thread. It owns the database connection while the broker runs, so the
// fsync of a commit blocks this thread, never the broker's event loop; while one batch commits, the
// next one gathers on the main thread (group commit with pipelining).
// Plain JavaScript on purpose: worker threads do not inherit the TypeScript loader when it was
// registered through tsx's API (bin/mqtt-conformance.js), and this file needs nothing but better-sqlite3.
//
// Protocol (parent -> worker):  { type: 'commit', id, rows: [[stmtIndex, params[]], ...] }
//                               { type: 'load', id }   { type: 'close', id }
// Replies (worker -> parent):   { type: 'ready' } | { type: 'failed', message, code }  (once, at start)
//                               { type: 'done', id, rows? , error?: { message, code } }
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, timeoutMs, writeSql, loadSql } = workerData;

/** Uint8Arrays arrive from the parent (structured clone drops the Buffer prototype); bind them as Buffers. */
function bindable(params) {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p instanceof Uint8Array && !Buffer.isBuffer(p)) params[i] = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  }
  return params;
}

function errorOf(err) {
  return { message: String(err?.message ?? err), code: err?.code ?? null };
}

let db;
let statements;
let applyRows;
let load;
try {
  db = new Database(file, { timeout: timeoutMs });
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  statements = writeSql.map((sql) => db.prepare(sql));
  applyRows = db.transaction((rows) => {
    for (const [stmt, params] of rows) statements[stmt].run(...bindable(params));
  });
  const queries = Object.entries(loadSql).map(([key, sql]) => [key, db.prepare(sql)]);
  load = db.transaction(() => Object.fromEntries(queries.map(([key, q]) => [key, q.all()])));
  // Take the exclusive lock now, so a second broker on the same file is refused at open().
  db.prepare('BEGIN IMMEDIATE').run();
  db.prepare('COMMIT').run();
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  db?.close();
  parentPort.postMessage({ type: 'failed', ...errorOf(err) });
  parentPort.close();
}

parentPort.on('message', (m) => {
  try {
    if (m.type === 'commit') {
      applyRows(m.rows);
      parentPort.postMessage({ type: 'done', id: m.id });
    } else if (m.type === 'load') {
      parentPort.postMessage({ type: 'done', id: m.id, rows: load() });
    } else if (m.type === 'close') {
      db.close();
      parentPort.postMessage({ type: 'done', id: m.id });
      parentPort.close();
    }
  } catch (err) {
    parentPort.postMessage({ type: 'done', id: m.id, error: errorOf(err) });
  }
});
