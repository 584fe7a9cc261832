import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from '../../db/client.ts';

/** How often a waiting write-back asks again for the lock. */
const LOCK_POLL_MS = 500;

/**
 * Runs `work` while holding a PostgreSQL advisory lock on one workspace's object, so that two
 * write-backs of the same object never run at once, whether they come from workers or the CLI.
 * A second one waits for the first to finish (then sends what is still due), or until `signal`
 * aborts. The lock is a session lock on a reserved connection, not a transaction, because the work
 * spans many transactions and HTTP calls; if the process dies, PostgreSQL releases it with the
 * connection.
 */
export async function withWritebackLock<T>(sql: Sql, key: { workspaceId: string; object: string }, signal: AbortSignal, onWait: () => void, work: () => Promise<T>): Promise<T> {
  const connection = await sql.reserve();
  const lockKey = `crm.writeback:${key.workspaceId}:${key.object}`;
  try {
    for (let waited = false; ; waited = true) {
      const [row] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${lockKey}, 0)) as locked`;
      if (row?.locked) break;
      if (!waited) onWait();
      await sleep(LOCK_POLL_MS, undefined, { signal });
    }
    try {
      return await work();
    } finally {
      await connection`select pg_advisory_unlock(hashtextextended(${lockKey}, 0))`;
    }
  } finally {
    connection.release();
  }
}
