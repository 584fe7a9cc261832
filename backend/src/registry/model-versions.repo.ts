import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { modelAliases, modelVersionArtifacts, modelVersions, registeredModels, type ModelVersionRow } from '../db/schema/index.ts';

/** A version with its model's name and the aliases pointing at it. */
export interface ModelVersionView extends ModelVersionRow {
  modelName: string;
  aliases: string[];
}

export interface VersionArtifact {
  name: string;
  contentType: string;
  data: Buffer;
}

/** Inserts the model's next version number; call with the model row locked (lockRegisteredModel). */
export async function insertNextModelVersion(db: Executor, values: Omit<typeof modelVersions.$inferInsert, 'version'>): Promise<ModelVersionRow> {
  const [row] = await db
    .insert(modelVersions)
    .values({ ...values, version: sql`(select coalesce(max(${modelVersions.version}), 0) + 1 from ${modelVersions} where ${modelVersions.modelId} = ${values.modelId})` })
    .returning();
  return row!;
}

export async function insertVersionArtifacts(db: Executor, versionId: string, artifacts: readonly VersionArtifact[]): Promise<void> {
  if (artifacts.length > 0) await db.insert(modelVersionArtifacts).values(artifacts.map((artifact) => ({ versionId, ...artifact })));
}

export async function readVersionArtifact(db: Executor, versionId: string, name: string): Promise<VersionArtifact | undefined> {
  const [row] = await db.select().from(modelVersionArtifacts).where(and(eq(modelVersionArtifacts.versionId, versionId), eq(modelVersionArtifacts.name, name)));
  return row ? { name: row.name, contentType: row.contentType, data: row.data } : undefined;
}

export async function listVersionArtifactNames(db: Executor, versionId: string): Promise<string[]> {
  const rows = await db.select({ name: modelVersionArtifacts.name }).from(modelVersionArtifacts).where(eq(modelVersionArtifacts.versionId, versionId));
  return rows.map((row) => row.name).sort();
}

async function selectVersionViews(db: Executor, where: ReturnType<typeof and>): Promise<ModelVersionView[]> {
  const rows = await db
    .select({ version: modelVersions, modelName: registeredModels.name, aliases: sql<string[]>`coalesce(array_agg(${modelAliases.alias} order by ${modelAliases.alias}) filter (where ${modelAliases.alias} is not null), '{}')` })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .leftJoin(modelAliases, eq(modelAliases.versionId, modelVersions.id))
    .where(where)
    .groupBy(modelVersions.id, registeredModels.name)
    .orderBy(desc(modelVersions.version));
  return rows.map((row) => ({ ...row.version, modelName: row.modelName, aliases: row.aliases }));
}

export async function listModelVersions(db: Executor, workspaceId: string, modelId: string): Promise<ModelVersionView[]> {
  return selectVersionViews(db, and(eq(modelVersions.workspaceId, workspaceId), eq(modelVersions.modelId, modelId)));
}

export async function findModelVersionView(db: Executor, workspaceId: string, versionId: string): Promise<ModelVersionView | undefined> {
  const [view] = await selectVersionViews(db, and(eq(modelVersions.workspaceId, workspaceId), eq(modelVersions.id, versionId)));
  return view;
}

export async function findVersionByNumber(db: Executor, modelId: string, version: number): Promise<ModelVersionRow | undefined> {
  const [row] = await db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)));
  return row;
}

export async function findAliasedVersion(db: Executor, modelId: string, alias: string): Promise<ModelVersionRow | undefined> {
  const [row] = await db
    .select({ version: modelVersions })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(and(eq(modelAliases.modelId, modelId), eq(modelAliases.alias, alias)));
  return row?.version;
}

export async function findLatestVersion(db: Executor, modelId: string): Promise<ModelVersionRow | undefined> {
  const [row] = await db.select().from(modelVersions).where(eq(modelVersions.modelId, modelId)).orderBy(desc(modelVersions.version)).limit(1);
  return row;
}
