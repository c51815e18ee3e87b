// Version 1: the MQTT 3.1.1 state, as SQLite's 001. InnoDB (transactions, crash recovery).
// Keys (client ids, filters, retained topics) are VARBINARY: byte-exact UTF-8, compared without a
// collation (a VARCHAR collation would fold case or ignore trailing spaces, and MQTT topics do neither).
// Limits that follow from InnoDB's 3072-byte keys: client id ≤ 1024 bytes, filter ≤ 2048, retained topic ≤ 3072
// (longer ones are refused per write, see ../mysql-limits.ts). Payloads LONGBLOB, properties JSON text.
import type { Migration } from './migration.ts';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC';

export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  async up(db) {
    await db.query(`CREATE TABLE IF NOT EXISTS meta (
      \`key\` VARCHAR(64) NOT NULL PRIMARY KEY,
      value   TEXT NOT NULL
    ) ${TABLE}`);
    await db.query(`CREATE TABLE sessions (
      client_id        VARBINARY(1024) NOT NULL PRIMARY KEY,
      protocol_version INT NOT NULL,
      created_at       BIGINT NOT NULL,
      disconnected_at  BIGINT NULL
    ) ${TABLE}`);
    await db.query(`CREATE TABLE subscriptions (
      client_id VARBINARY(1024) NOT NULL,
      filter    VARBINARY(2048) NOT NULL,
      qos       TINYINT NOT NULL,
      options   LONGTEXT NULL,
      PRIMARY KEY (client_id, filter)
    ) ${TABLE}`);
    await db.query(`CREATE TABLE outbound (
      client_id   VARBINARY(1024) NOT NULL,
      seq         BIGINT NOT NULL,
      packet_id   INT NULL,
      state       VARCHAR(8) NOT NULL CHECK (state IN ('queued', 'sent', 'released')),
      topic       TEXT NOT NULL,
      payload     LONGBLOB NOT NULL,
      qos         TINYINT NOT NULL,
      retain      TINYINT NOT NULL,
      properties  LONGTEXT NULL,
      received_at BIGINT NOT NULL,
      PRIMARY KEY (client_id, seq)
    ) ${TABLE}`);
    await db.query(`CREATE TABLE inbound (
      client_id VARBINARY(1024) NOT NULL,
      packet_id INT NOT NULL,
      PRIMARY KEY (client_id, packet_id)
    ) ${TABLE}`);
    await db.query(`CREATE TABLE retained (
      topic       VARBINARY(3072) NOT NULL PRIMARY KEY,
      payload     LONGBLOB NOT NULL,
      qos         TINYINT NOT NULL,
      retain      TINYINT NOT NULL,
      properties  LONGTEXT NULL,
      received_at BIGINT NOT NULL
    ) ${TABLE}`);
    await db.query(`CREATE TABLE wills (
      client_id   VARBINARY(1024) NOT NULL PRIMARY KEY,
      topic       TEXT NOT NULL,
      payload     LONGBLOB NOT NULL,
      qos         TINYINT NOT NULL,
      retain      TINYINT NOT NULL,
      properties  LONGTEXT NULL,
      received_at BIGINT NOT NULL
    ) ${TABLE}`);
  },
};
