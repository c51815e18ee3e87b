// Typed errors of the persistence layer. Each carries the backend kind so a log line says which store failed.

export class PersistenceError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string, options?: ErrorOptions) {
    super(`[${kind} persistence] ${message}`, options);
    this.name = 'PersistenceError';
    this.kind = kind;
  }
}

/** A method was called before `open()` resolved. */
export class PersistenceNotOpenError extends PersistenceError {
  constructor(kind: string) {
    super(kind, 'not open: call open() before any other method');
    this.name = 'PersistenceNotOpenError';
  }
}

/** A method was called after `close()`. */
export class PersistenceClosedError extends PersistenceError {
  constructor(kind: string) {
    super(kind, 'closed');
    this.name = 'PersistenceClosedError';
  }
}

/** The database was written by a newer version of the broker than this one: refuse rather than corrupt it. */
export class SchemaTooNewError extends PersistenceError {
  readonly found: number;
  readonly supported: number;
  constructor(kind: string, found: number, supported: number, file?: string) {
    super(
      kind,
      `database${file ? ` ${file}` : ''} has schema version ${found}, newer than the ${supported} this broker supports; ` +
        'upgrade the broker or use another data directory',
    );
    this.name = 'SchemaTooNewError';
    this.found = found;
    this.supported = supported;
  }
}

/** A migration failed; the transaction was rolled back and the database is left at `fromVersion`. */
export class MigrationError extends PersistenceError {
  readonly fromVersion: number;
  readonly toVersion: number;
  constructor(kind: string, fromVersion: number, toVersion: number, cause: unknown) {
    super(kind, `migration ${fromVersion} -> ${toVersion} failed: ${String((cause as Error)?.message ?? cause)}`, { cause });
    this.name = 'MigrationError';
    this.fromVersion = fromVersion;
    this.toVersion = toVersion;
  }
}
