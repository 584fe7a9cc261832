import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { modelAliases, type ModelAliasRow } from '../db/schema/index.ts';
import { notifyRegistryChange } from './registry-changes.ts';

export async function findAlias(db: Executor, modelId: string, alias: string): Promise<ModelAliasRow | undefined> {
  const [row] = await db.select().from(modelAliases).where(and(eq(modelAliases.modelId, modelId), eq(modelAliases.alias, alias)));
  return row;
}

/**
 * Points an alias at a version (creating it when absent) and announces it, inside the caller's
 * transaction: every serving process swaps to the new version once it commits. Callers check
 * permissions and write the audit event; this is the only place aliases change.
 */
export async function moveAlias(tx: Executor, input: { workspaceId: string; modelId: string; alias: string; versionId: string; userId: string | null }): Promise<void> {
  await tx
    .insert(modelAliases)
    .values({ modelId: input.modelId, alias: input.alias, versionId: input.versionId, updatedByUserId: input.userId, updatedAt: new Date() })
    .onConflictDoUpdate({ target: [modelAliases.modelId, modelAliases.alias], set: { versionId: input.versionId, updatedByUserId: input.userId, updatedAt: new Date() } });
  await notifyRegistryChange(tx, { workspaceId: input.workspaceId, modelId: input.modelId, kind: 'alias' });
}

/** Removes an alias (a challenger retired) and announces it. */
export async function removeAlias(tx: Executor, input: { workspaceId: string; modelId: string; alias: string }): Promise<void> {
  await tx.delete(modelAliases).where(and(eq(modelAliases.modelId, input.modelId), eq(modelAliases.alias, input.alias)));
  await notifyRegistryChange(tx, { workspaceId: input.workspaceId, modelId: input.modelId, kind: 'alias' });
}
