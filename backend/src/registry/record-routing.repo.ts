import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { recordScores } from '../db/schema/index.ts';

/** Drops every stored record score of these CRM objects in a workspace, so rescoring routes them afresh. */
export async function deleteRecordScoresOfObjects(db: Executor, workspaceId: string, objects: readonly string[]): Promise<void> {
  if (objects.length === 0) return;
  await db.delete(recordScores).where(and(eq(recordScores.workspaceId, workspaceId), inArray(recordScores.crmObject, [...objects])));
}
