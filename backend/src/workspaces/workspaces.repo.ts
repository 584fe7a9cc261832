import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { workspaces, type WorkspaceRow } from '../db/schema/index.ts';

export async function insertWorkspace(db: Executor, values: { name: string; slug: string }): Promise<WorkspaceRow> {
  const [row] = await db.insert(workspaces).values(values).returning();
  return row!;
}

export async function findWorkspaceById(db: Executor, id: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row;
}

export async function anyWorkspaceExists(db: Executor): Promise<boolean> {
  const rows = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return rows.length > 0;
}

export async function listWorkspaces(db: Executor): Promise<WorkspaceRow[]> {
  return db.select().from(workspaces).orderBy(asc(workspaces.createdAt));
}
