import { and, asc, desc, eq, getTableColumns, gte } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { datasetChunks, datasets, type DatasetRow } from '../db/schema/index.ts';

export type NewDataset = typeof datasets.$inferInsert;

export async function insertDataset(db: Executor, values: NewDataset): Promise<DatasetRow> {
  const [row] = await db.insert(datasets).values(values).returning();
  return row!;
}

export async function completeDataset(db: Executor, id: string, values: Pick<DatasetRow, 'contentHash' | 'rowCount' | 'sizeBytes' | 'profile'>): Promise<DatasetRow> {
  const [row] = await db.update(datasets).set(values).where(eq(datasets.id, id)).returning();
  return row!;
}

export async function insertDatasetChunk(db: Executor, values: typeof datasetChunks.$inferInsert): Promise<void> {
  await db.insert(datasetChunks).values(values);
}

export async function findDataset(db: Executor, workspaceId: string, id: string): Promise<DatasetRow | undefined> {
  const [row] = await db.select().from(datasets).where(and(eq(datasets.workspaceId, workspaceId), eq(datasets.id, id)));
  return row;
}

export async function findDatasetByHash(db: Executor, workspaceId: string, contentHash: string): Promise<DatasetRow | undefined> {
  const [row] = await db.select().from(datasets).where(and(eq(datasets.workspaceId, workspaceId), eq(datasets.contentHash, contentHash)));
  return row;
}

/** Newest first, without profiles (they are large); `listDatasetProfiles` when they are needed. */
export async function listDatasets(db: Executor, workspaceId: string): Promise<Omit<DatasetRow, 'profile'>[]> {
  const { profile: _profile, ...columns } = getTableColumns(datasets);
  return db.select(columns).from(datasets).where(eq(datasets.workspaceId, workspaceId)).orderBy(desc(datasets.createdAt), desc(datasets.id));
}

export async function listDatasetProfiles(db: Executor, workspaceId: string, limit: number): Promise<Pick<DatasetRow, 'id' | 'name' | 'contentHash' | 'profile'>[]> {
  return db
    .select({ id: datasets.id, name: datasets.name, contentHash: datasets.contentHash, profile: datasets.profile })
    .from(datasets)
    .where(eq(datasets.workspaceId, workspaceId))
    .orderBy(desc(datasets.createdAt), desc(datasets.id))
    .limit(limit);
}

/** Chunks in row order, `count` at a time from `fromIndex`, so a reader never holds the whole dataset. */
export async function readDatasetChunks(db: Executor, datasetId: string, fromIndex: number, count: number): Promise<{ chunkIndex: number; data: Buffer }[]> {
  return db
    .select({ chunkIndex: datasetChunks.chunkIndex, data: datasetChunks.data })
    .from(datasetChunks)
    .where(and(eq(datasetChunks.datasetId, datasetId), gte(datasetChunks.chunkIndex, fromIndex)))
    .orderBy(asc(datasetChunks.chunkIndex))
    .limit(count);
}
