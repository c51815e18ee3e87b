// Version 2: MQTT 5 timers, as SQLite's 002: session expiry and will delay (seconds), and an index to
// find disconnected sessions without a full scan.
import type { Migration } from './migration.ts';

export const migration002SessionExpiry: Migration = {
  version: 2,
  name: 'session-expiry',
  async up(db) {
    await db.query('ALTER TABLE sessions ADD COLUMN expiry_interval BIGINT NULL, ADD INDEX sessions_disconnected_at (disconnected_at)');
    await db.query('ALTER TABLE wills ADD COLUMN delay_interval BIGINT NULL');
  },
};
