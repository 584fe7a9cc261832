import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { z } from 'zod';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * An arbitrary but fixed advisory-lock key. An API and a worker started together would otherwise
 * both try to apply the same migration; the second waits on the lock and then finds nothing to do.
 */
const MIGRATION_LOCK_KEY = 7_206_335_341;

/** Applies every migration not yet applied. Safe to call on each start and from several processes. */
export async function runMigrations(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const journalSchema = z.object({ entries: z.array(z.object({ tag: z.string() })) });

/** Tag of the newest migration this build ships, which `runMigrations` has applied on start. */
export function latestMigrationTag(): string | null {
  const journal = journalSchema.parse(JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')));
  return journal.entries.at(-1)?.tag ?? null;
}
