import type { Db } from '../db/client.ts';
import type { DatasetRow } from '../db/schema/index.ts';
import { decodeChunk } from './dataset-chunks.ts';
import { readDatasetChunks } from './datasets.repo.ts';
import type { RowBatch, TableStream } from './table.ts';

/** Chunks fetched per query: enough to keep the database busy, few enough to bound memory. */
const CHUNKS_PER_FETCH = 8;

/** Streams a stored dataset back as a table, in the order it was written. */
export function readSnapshot(db: Db, dataset: Pick<DatasetRow, 'id' | 'columns'>): TableStream {
  async function* batches(): AsyncGenerator<RowBatch> {
    for (let next = 0; ; ) {
      const chunks = await readDatasetChunks(db, dataset.id, next, CHUNKS_PER_FETCH);
      for (const chunk of chunks) yield await decodeChunk(chunk.data);
      if (chunks.length < CHUNKS_PER_FETCH) return;
      next = chunks.at(-1)!.chunkIndex + 1;
    }
  }
  return { columns: dataset.columns, batches: batches() };
}
