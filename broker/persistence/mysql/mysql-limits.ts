// Key lengths InnoDB can index in this schema (3072-byte keys; see migrations/001-initial.ts). A longer
// key is refused for that one write, before it joins a batch: one hostile client id must not fail the
// commit of everyone else's writes.
import { PersistenceError } from '../errors.ts';

export const MAX_KEY_BYTES = { clientId: 1024, filter: 2048, topic: 3072 } as const;

/** A rejected promise naming the key that is too long, or null when every key fits. */
export function checkKeyLengths(keys: Partial<Record<keyof typeof MAX_KEY_BYTES, string>>): Promise<never> | null {
  for (const [name, value] of Object.entries(keys) as [keyof typeof MAX_KEY_BYTES, string][]) {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_KEY_BYTES[name]) {
      return Promise.reject(new PersistenceError('mysql', `${name} of ${bytes} bytes is longer than the ${MAX_KEY_BYTES[name]} bytes the MySQL store can index; not stored`));
    }
  }
  return null;
}
