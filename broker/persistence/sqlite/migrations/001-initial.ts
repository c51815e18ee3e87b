// Version 1: the MQTT 3.1.1 state. Payloads are BLOBs, MQTT 5 properties/options JSON text.
import type { Migration } from './migration.ts';

export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE sessions (
        client_id        TEXT PRIMARY KEY,
        protocol_version INTEGER NOT NULL,
        created_at       INTEGER NOT NULL,
        disconnected_at  INTEGER
      ) WITHOUT ROWID;

      CREATE TABLE subscriptions (
        client_id TEXT NOT NULL,
        filter    TEXT NOT NULL,
        qos       INTEGER NOT NULL,
        options   TEXT,
        PRIMARY KEY (client_id, filter)
      ) WITHOUT ROWID;

      CREATE TABLE outbound (
        client_id   TEXT NOT NULL,
        seq         INTEGER NOT NULL,
        packet_id   INTEGER,
        state       TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'released')),
        topic       TEXT NOT NULL,
        payload     BLOB NOT NULL,
        qos         INTEGER NOT NULL,
        retain      INTEGER NOT NULL,
        properties  TEXT,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (client_id, seq)
      );

      CREATE TABLE inbound (
        client_id TEXT NOT NULL,
        packet_id INTEGER NOT NULL,
        PRIMARY KEY (client_id, packet_id)
      ) WITHOUT ROWID;

      CREATE TABLE retained (
        topic       TEXT PRIMARY KEY,
        payload     BLOB NOT NULL,
        qos         INTEGER NOT NULL,
        retain      INTEGER NOT NULL,
        properties  TEXT,
        received_at INTEGER NOT NULL
      );

      CREATE TABLE wills (
        client_id   TEXT PRIMARY KEY,
        topic       TEXT NOT NULL,
        payload     BLOB NOT NULL,
        qos         INTEGER NOT NULL,
        retain      INTEGER NOT NULL,
        properties  TEXT,
        received_at INTEGER NOT NULL
      );
    `);
  },
};
