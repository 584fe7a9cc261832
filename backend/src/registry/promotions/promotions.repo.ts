import { and, desc, eq, type SQL } from 'drizzle-orm';
import { alias as aliasTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import { modelVersions, promotionRequests, registeredModels, type PromotionRequestRow } from '../../db/schema/index.ts';

export type PromotionDecision = Pick<PromotionRequestRow, 'status' | 'decidedByUserId' | 'decisionComment' | 'overrideReason'>;

/** A request with the names and numbers the API shows beside its ids. */
export interface PromotionView extends PromotionRequestRow {
  modelName: string;
  version: number;
  fromVersion: number | null;
}

export async function insertPromotionRequest(db: Executor, values: typeof promotionRequests.$inferInsert): Promise<PromotionRequestRow> {
  const [row] = await db.insert(promotionRequests).values(values).returning();
  return row!;
}

/**
 * Settles a pending request. The `status = 'pending'` condition makes two admins racing to decide
 * the same request safe: exactly one update matches; the other gets undefined.
 */
export async function decidePendingPromotion(db: Executor, id: string, decision: PromotionDecision): Promise<PromotionRequestRow | undefined> {
  const [row] = await db
    .update(promotionRequests)
    .set({ ...decision, decidedAt: new Date() })
    .where(and(eq(promotionRequests.id, id), eq(promotionRequests.status, 'pending')))
    .returning();
  return row;
}

const fromVersions = aliasTable(modelVersions, 'from_versions');

async function selectViews(db: Executor, where: SQL | undefined, limit: number): Promise<PromotionView[]> {
  const rows = await db
    .select({ request: promotionRequests, modelName: registeredModels.name, version: modelVersions.version, fromVersion: fromVersions.version })
    .from(promotionRequests)
    .innerJoin(registeredModels, eq(registeredModels.id, promotionRequests.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.versionId))
    .leftJoin(fromVersions, eq(fromVersions.id, promotionRequests.fromVersionId))
    .where(where)
    .orderBy(desc(promotionRequests.createdAt), desc(promotionRequests.id))
    .limit(limit);
  return rows.map((row) => ({ ...row.request, modelName: row.modelName, version: row.version, fromVersion: row.fromVersion }));
}

export async function findPromotionView(db: Executor, workspaceId: string, id: string): Promise<PromotionView | undefined> {
  const [view] = await selectViews(db, and(eq(promotionRequests.workspaceId, workspaceId), eq(promotionRequests.id, id)), 1);
  return view;
}

export async function listPromotionViews(db: Executor, workspaceId: string, filter: { status?: PromotionRequestRow['status']; modelId?: string }, limit = 200): Promise<PromotionView[]> {
  return selectViews(
    db,
    and(
      eq(promotionRequests.workspaceId, workspaceId),
      filter.status ? eq(promotionRequests.status, filter.status) : undefined,
      filter.modelId ? eq(promotionRequests.modelId, filter.modelId) : undefined,
    ),
    limit,
  );
}

/** The latest approved promotion of an alias: a rollback returns to what it replaced. */
export async function findLastApprovedPromotion(db: Executor, modelId: string, alias: string): Promise<PromotionRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(promotionRequests)
    .where(and(eq(promotionRequests.modelId, modelId), eq(promotionRequests.alias, alias), eq(promotionRequests.status, 'approved')))
    .orderBy(desc(promotionRequests.decidedAt))
    .limit(1);
  return row;
}
