import { and, asc, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { modelAliases, modelVersions, registeredModels, type RegisteredModelRow } from '../db/schema/index.ts';

export type RegisteredModelPatch = Partial<Pick<RegisteredModelRow, 'description' | 'gradeBands' | 'retrainEveryDays' | 'nextRetrainAt' | 'experimentId' | 'crmObject' | 'segment'>>;

/** A registered model with its aliases (alias -> version number) and its newest version number. */
export interface RegisteredModelView extends RegisteredModelRow {
  aliases: Record<string, number>;
  latestVersion: number | null;
}

export function modelNameKey(name: string): string {
  return name.trim().toLowerCase();
}

export async function findRegisteredModel(db: Executor, workspaceId: string, name: string): Promise<RegisteredModelRow | undefined> {
  const [row] = await db.select().from(registeredModels).where(and(eq(registeredModels.workspaceId, workspaceId), eq(registeredModels.nameKey, modelNameKey(name))));
  return row;
}

export async function findRegisteredModelById(db: Executor, modelId: string): Promise<RegisteredModelRow> {
  const [row] = await db.select().from(registeredModels).where(eq(registeredModels.id, modelId));
  return row!;
}

/** The model row locked until the transaction ends: versions are numbered and aliases moved under this lock. */
export async function lockRegisteredModel(db: Executor, modelId: string): Promise<RegisteredModelRow | undefined> {
  const [row] = await db.select().from(registeredModels).where(eq(registeredModels.id, modelId)).for('update');
  return row;
}

/** Creates the model unless one of that name exists; returns the row either way and whether it was created. */
export async function insertRegisteredModelIfAbsent(db: Executor, values: Omit<typeof registeredModels.$inferInsert, 'nameKey'>): Promise<{ row: RegisteredModelRow; created: boolean }> {
  const [created] = await db
    .insert(registeredModels)
    .values({ ...values, name: values.name.trim(), nameKey: modelNameKey(values.name) })
    .onConflictDoNothing({ target: [registeredModels.workspaceId, registeredModels.nameKey] })
    .returning();
  if (created) return { row: created, created: true };
  return { row: (await findRegisteredModel(db, values.workspaceId, values.name))!, created: false };
}

export async function updateRegisteredModel(db: Executor, id: string, patch: RegisteredModelPatch): Promise<RegisteredModelRow> {
  const [row] = await db
    .update(registeredModels)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(registeredModels.id, id))
    .returning();
  return row!;
}

async function withAliasesAndLatest(db: Executor, rows: RegisteredModelRow[]): Promise<RegisteredModelView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const aliases = await db
    .select({ modelId: modelAliases.modelId, alias: modelAliases.alias, version: modelVersions.version })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(sql`${modelAliases.modelId} in ${ids}`)
    .orderBy(asc(modelAliases.alias));
  const latest = await db
    .select({ modelId: modelVersions.modelId, version: sql<number>`max(${modelVersions.version})::int` })
    .from(modelVersions)
    .where(sql`${modelVersions.modelId} in ${ids}`)
    .groupBy(modelVersions.modelId);
  return rows.map((row) => ({
    ...row,
    aliases: Object.fromEntries(aliases.filter((alias) => alias.modelId === row.id).map((alias) => [alias.alias, alias.version])),
    latestVersion: latest.find((entry) => entry.modelId === row.id)?.version ?? null,
  }));
}

export async function listRegisteredModels(db: Executor, workspaceId: string): Promise<RegisteredModelView[]> {
  const rows = await db.select().from(registeredModels).where(eq(registeredModels.workspaceId, workspaceId)).orderBy(asc(registeredModels.nameKey));
  return withAliasesAndLatest(db, rows);
}

export async function viewRegisteredModel(db: Executor, row: RegisteredModelRow): Promise<RegisteredModelView> {
  return (await withAliasesAndLatest(db, [row]))[0]!;
}

/** Models whose retraining is due, locked so that two schedulers never start the same retraining. */
export async function claimDueRetrainings(db: Executor, now: Date, limit: number): Promise<RegisteredModelRow[]> {
  return db
    .select()
    .from(registeredModels)
    .where(and(isNotNull(registeredModels.retrainEveryDays), lte(registeredModels.nextRetrainAt, now)))
    .orderBy(asc(registeredModels.nextRetrainAt), desc(registeredModels.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}
