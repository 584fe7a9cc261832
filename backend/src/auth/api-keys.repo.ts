import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { apiKeys, users, type ApiKeyRow, type UserRow } from '../db/schema/index.ts';

export type NewApiKey = typeof apiKeys.$inferInsert;

/** A key together with the role of the user it acts as. */
export type ApiKeyWithRole = ApiKeyRow & { role: UserRow['role'] };

const keyWithRole = { key: apiKeys, role: users.role };

export async function insertApiKey(db: Executor, values: NewApiKey): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  return row!;
}

/** What authentication needs: the key, and its user's role and state. Not scoped: the key decides the workspace. */
export async function findApiKeyForAuthentication(db: Executor, lookupId: string): Promise<{ key: ApiKeyRow; user: UserRow } | undefined> {
  const [row] = await db.select({ key: apiKeys, user: users }).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).where(eq(apiKeys.lookupId, lookupId));
  return row;
}

export async function findApiKey(db: Executor, workspaceId: string, id: string): Promise<ApiKeyWithRole | undefined> {
  const [row] = await db
    .select(keyWithRole)
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)));
  return row && { ...row.key, role: row.role };
}

export async function findApiKeyByLookupId(db: Executor, workspaceId: string, lookupId: string): Promise<ApiKeyWithRole | undefined> {
  const [row] = await db
    .select(keyWithRole)
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.lookupId, lookupId)));
  return row && { ...row.key, role: row.role };
}

export async function listApiKeys(db: Executor, workspaceId: string, filter: { userId?: string; includeRevoked: boolean }): Promise<ApiKeyWithRole[]> {
  const rows = await db
    .select(keyWithRole)
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        filter.userId === undefined ? undefined : eq(apiKeys.userId, filter.userId),
        filter.includeRevoked ? undefined : isNull(apiKeys.revokedAt),
      ),
    )
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map((row) => ({ ...row.key, role: row.role }));
}

/** Revokes the key if it is still active; returns undefined when it was not (already revoked). */
export async function revokeApiKey(db: Executor, workspaceId: string, id: string, at: Date): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

/**
 * Records use, at most once per `granularityMs` per key: an exact time on every request would
 * turn each read into a write.
 */
export async function touchApiKeyLastUsed(db: Executor, id: string, at: Date, granularityMs: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(at.getTime() - granularityMs)))));
}
