// The ordered list of MySQL schema migrations. Append only: a released migration is never edited.
import { migration001Initial } from './001-initial.ts';
import { migration002SessionExpiry } from './002-session-expiry.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';
export const migrations: readonly Migration[] = [migration001Initial, migration002SessionExpiry];
