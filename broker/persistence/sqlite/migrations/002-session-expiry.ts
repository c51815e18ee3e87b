// Version 2: MQTT 5 timers. Session expiry interval and will delay interval (seconds), plus an index
// so the broker can find expired disconnected sessions without a full scan.
import type { Migration } from './migration.ts';

export const migration002SessionExpiry: Migration = {
  version: 2,
  name: 'session-expiry',
  up(db) {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN expiry_interval INTEGER;
      ALTER TABLE wills ADD COLUMN delay_interval INTEGER;
      CREATE INDEX sessions_disconnected_at ON sessions (disconnected_at) WHERE disconnected_at IS NOT NULL;
    `);
  },
};
