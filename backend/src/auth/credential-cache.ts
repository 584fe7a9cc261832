import { sql as drizzleSql } from 'drizzle-orm';
import type { Executor, Sql } from '../db/client.ts';
import type { Logger } from '../logger.ts';

/**
 * Verified credentials kept in process memory, so that an authenticated request does not cost a
 * database round trip. Entries are dropped:
 * - at once in this process, when this process revokes a key or changes a user (`clear()`);
 * - within milliseconds in every other process, through PostgreSQL LISTEN/NOTIFY on
 *   CREDENTIALS_CHANNEL, which those changes send inside their transaction (so only on commit);
 * - after `ttlMs` in any case, which bounds staleness should a notification be lost while the
 *   listening connection reconnects (the cache is also cleared on every reconnect).
 * Only successful lookups are cached: an unknown key always reaches the database.
 */

export const CREDENTIALS_CHANNEL = 'scorebridge_credentials_changed';

export interface CredentialCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  clear(): void;
  readonly size: number;
}

export interface CredentialCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export function createCredentialCache<T>({ ttlMs, maxEntries, now = Date.now }: CredentialCacheOptions): CredentialCache<T> {
  // A Map iterates in insertion order, so its first key is the oldest entry.
  const entries = new Map<string, { value: T; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

/** Tells every process to drop cached credentials once the surrounding transaction commits. */
export async function notifyCredentialsChanged(db: Executor): Promise<void> {
  await db.execute(drizzleSql`select pg_notify(${CREDENTIALS_CHANNEL}, '')`);
}

/** Clears `cache` whenever any process changes credentials. Returns a function that stops listening. */
export async function clearOnCredentialChanges(sql: Sql, cache: Pick<CredentialCache<unknown>, 'clear'>, logger: Logger): Promise<() => Promise<void>> {
  const subscription = await sql.listen(
    CREDENTIALS_CHANNEL,
    () => cache.clear(),
    // Runs on the first LISTEN and after every reconnect: anything may have changed meanwhile.
    () => {
      cache.clear();
      logger.debug({ channel: CREDENTIALS_CHANNEL }, 'listening for credential changes');
    },
  );
  return () => subscription.unlisten();
}
