import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { syncRuns } from '../db/schema/index.ts';

export type SyncRunRow = typeof syncRuns.$inferSelect;
export type SyncRunPatch = Partial<Omit<SyncRunRow, 'id' | 'workspaceId' | 'connectionId' | 'object' | 'createdAt'>>;

export async function insertSyncRun(db: Executor, values: typeof syncRuns.$inferInsert): Promise<SyncRunRow> {
  const [row] = await db.insert(syncRuns).values(values).returning();
  return row!;
}

export async function findSyncRun(db: Executor, workspaceId: string, id: string): Promise<SyncRunRow | undefined> {
  const [row] = await db.select().from(syncRuns).where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.id, id)));
  return row;
}

export async function updateSyncRun(db: Executor, id: string, patch: SyncRunPatch): Promise<SyncRunRow> {
  const [row] = await db.update(syncRuns).set(patch).where(eq(syncRuns.id, id)).returning();
  return row!;
}

/** The end of the window of the latest successful sync of an object: where the next incremental sync starts. */
export async function findHighWaterMark(db: Executor, workspaceId: string, object: string): Promise<Date | null> {
  const [row] = await db
    .select({ mark: sql<Date | null>`max(${syncRuns.windowEnd})`.mapWith((value: string | null) => (value === null ? null : new Date(value))) })
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.object, object), eq(syncRuns.status, 'succeeded')));
  return row?.mark ?? null;
}

export async function findLatestSyncRun(db: Executor, workspaceId: string, object: string): Promise<SyncRunRow | undefined> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.object, object)))
    .orderBy(desc(syncRuns.createdAt))
    .limit(1);
  return row;
}
