import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { DatasetRow } from '../db/schema/index.ts';
import { encodeChunk } from './dataset-chunks.ts';
import { completeDataset, findDatasetByHash, insertDataset, insertDatasetChunk } from './datasets.repo.ts';
import type { RowBatch, TableStream } from './table.ts';

/** Something that looks at every batch on the way in, such as the profiler. */
export interface BatchObserver<Result> {
  add(batch: RowBatch): void;
  finish(): Result;
}

export interface SnapshotInput<Profile> {
  workspaceId: string;
  name: string;
  source: DatasetRow['source'];
  origin: Record<string, unknown>;
  createdByUserId: string | null;
  table: TableStream;
  profiler?: BatchObserver<Profile>;
  /** Called after each stored batch with the rows stored so far. */
  onProgress?: (rowsDone: number) => void;
}

export interface SnapshotResult {
  dataset: DatasetRow;
  /** False when a dataset with identical content already existed; that one is returned and nothing new is stored. */
  created: boolean;
}

/** Thrown inside the transaction to roll it back when the content turns out to exist already. */
class AlreadyStored extends Error {
  readonly existing: DatasetRow;
  constructor(existing: DatasetRow) {
    super('dataset already stored');
    this.existing = existing;
  }
}

/**
 * Streams a table into a new immutable dataset: rows in compressed chunks, a content hash over
 * the column names and every cell, and the profile. Everything happens in one transaction, so a
 * source that fails halfway (a ragged row at row 900,000, a sync that breaks) stores nothing.
 */
export async function writeSnapshot<Profile>(db: Db, input: SnapshotInput<Profile>): Promise<SnapshotResult> {
  try {
    const dataset = await db.transaction(async (tx) => {
      const hash = createHash('sha256').update(JSON.stringify(input.table.columns)).update('\n');
      const pending = await insertDataset(tx, {
        workspaceId: input.workspaceId,
        name: input.name,
        source: input.source,
        origin: input.origin,
        // A placeholder that cannot collide; the real hash is known only at the end.
        contentHash: `pending:${randomUUID()}`,
        rowCount: 0,
        columns: input.table.columns,
        sizeBytes: 0,
        createdByUserId: input.createdByUserId,
      });
      let rows = 0;
      let sizeBytes = 0;
      let chunkIndex = 0;
      for await (const batch of input.table.batches) {
        if (batch.length === 0) continue;
        const rowsJson = batch.map((row) => JSON.stringify(row));
        for (const json of rowsJson) hash.update(json).update('\n');
        input.profiler?.add(batch);
        const data = await encodeChunk(rowsJson);
        await insertDatasetChunk(tx, { datasetId: pending.id, chunkIndex, firstRow: rows, rowCount: batch.length, data });
        chunkIndex += 1;
        rows += batch.length;
        sizeBytes += data.length;
        input.onProgress?.(rows);
      }
      const contentHash = hash.digest('hex');
      const existing = await findDatasetByHash(tx, input.workspaceId, contentHash);
      if (existing) throw new AlreadyStored(existing);
      const profile = input.profiler ? (input.profiler.finish() as unknown) : null;
      return completeDataset(tx, pending.id, { contentHash, rowCount: rows, sizeBytes, profile });
    });
    return { dataset, created: true };
  } catch (error) {
    if (error instanceof AlreadyStored) return { dataset: error.existing, created: false };
    throw error;
  }
}
