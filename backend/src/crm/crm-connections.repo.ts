import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { crmConnections } from '../db/schema/index.ts';

export type CrmConnectionRow = typeof crmConnections.$inferSelect;
export type NewCrmConnection = typeof crmConnections.$inferInsert;

export async function findCrmConnection(db: Executor, workspaceId: string): Promise<CrmConnectionRow | undefined> {
  const [row] = await db.select().from(crmConnections).where(and(eq(crmConnections.workspaceId, workspaceId), eq(crmConnections.provider, 'salesforce')));
  return row;
}

export async function findCrmConnectionById(db: Executor, workspaceId: string, id: string): Promise<CrmConnectionRow | undefined> {
  const [row] = await db.select().from(crmConnections).where(and(eq(crmConnections.workspaceId, workspaceId), eq(crmConnections.id, id)));
  return row;
}

/** One Salesforce org per workspace: connecting again replaces the settings and secrets. */
export async function upsertCrmConnection(db: Executor, values: NewCrmConnection): Promise<CrmConnectionRow> {
  const { workspaceId: _workspaceId, provider: _provider, id: _id, createdAt: _createdAt, createdByUserId: _createdBy, ...changes } = values;
  const [row] = await db
    .insert(crmConnections)
    .values(values)
    .onConflictDoUpdate({ target: [crmConnections.workspaceId, crmConnections.provider], set: { ...changes, updatedAt: new Date() } })
    .returning();
  return row!;
}

export async function updateSealedSecrets(db: Executor, id: string, values: { sealedSecrets: string; instanceUrl: string }): Promise<void> {
  await db.update(crmConnections).set({ ...values, updatedAt: new Date() }).where(eq(crmConnections.id, id));
}
