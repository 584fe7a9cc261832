import { sql as drizzleSql } from 'drizzle-orm';
import type { Executor, Sql } from '../db/client.ts';
import type { Logger } from '../logger.ts';

/**
 * Every change to which version a model reference means (an alias moved, a version registered,
 * grade bands edited) is announced on this PostgreSQL channel inside the transaction that makes
 * it, so every API and worker process hears it once it commits, within milliseconds.
 */
export const REGISTRY_CHANNEL = 'scorebridge_registry_changed';

export interface RegistryChange {
  workspaceId: string;
  modelId: string;
  /** What changed: `alias` (moved or removed), `version` (registered), `model` (bands, schedule). */
  kind: 'alias' | 'version' | 'model';
}

export async function notifyRegistryChange(db: Executor, change: RegistryChange): Promise<void> {
  await db.execute(drizzleSql`select pg_notify(${REGISTRY_CHANNEL}, ${JSON.stringify(change)})`);
}

/**
 * Calls `onChange` for every registry change any process commits, and `onReconnect` after every
 * (re)connection of the listening connection, when changes may have been missed. Returns a
 * function that stops listening.
 */
export async function listenForRegistryChanges(sql: Sql, handlers: { onChange: (change: RegistryChange) => void; onReconnect: () => void }, logger: Logger): Promise<() => Promise<void>> {
  const subscription = await sql.listen(
    REGISTRY_CHANNEL,
    (payload) => {
      try {
        handlers.onChange(JSON.parse(payload) as RegistryChange);
      } catch (error) {
        logger.warn({ err: error, payload }, 'ignoring a malformed registry change notification');
        handlers.onReconnect();
      }
    },
    () => {
      handlers.onReconnect();
      logger.debug({ channel: REGISTRY_CHANNEL }, 'listening for registry changes');
    },
  );
  return () => subscription.unlisten();
}
