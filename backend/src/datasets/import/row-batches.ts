import { InvalidDataError } from '../invalid-data-error.ts';
import type { Cell, RowBatch } from '../table.ts';

export interface RowBatchOptions {
  batchSize: number;
  /** Releases the source (file handle, parser); called once, after the rows iterator is returned, however the iteration ends. */
  close: () => void | Promise<void>;
  /** Turns a source's own error into the InvalidDataError to report; other errors pass through. */
  mapError: (error: unknown) => unknown;
  /** The message for a source that has a header but no data rows, e.g. "The file has a header but no rows". */
  noRowsMessage: string;
}

/**
 * Reads the first data row at once, so that a header without rows is refused before the caller
 * starts storing anything, and returns the remaining rows as batches that are read only as the
 * caller pulls them: the caller's pace is the only thing that moves the source. An error anywhere
 * rejects the iteration with that error; nothing after it is yielded.
 *
 * The source is closed when the batches end, fail, or the caller stops early. A caller that never
 * iterates the batches holds the source open until it is garbage-collected.
 */
export async function rowBatches(rows: AsyncIterator<Cell[]>, options: RowBatchOptions): Promise<AsyncIterable<RowBatch>> {
  let first: IteratorResult<Cell[]>;
  try {
    first = await rows.next();
  } catch (error) {
    await release(rows, options);
    throw options.mapError(error);
  }
  if (first.done) {
    await release(rows, options);
    throw new InvalidDataError(options.noRowsMessage);
  }
  return batchesAfter(first.value, rows, options);
}

/** Ends the rows iterator first, so that the streams it reads from are destroyed, then the source. */
async function release(rows: AsyncIterator<Cell[]>, options: RowBatchOptions): Promise<void> {
  try {
    await rows.return?.();
  } catch {
    // The iteration already failed or ended; the error that matters has been reported.
  }
  await options.close();
}

async function* batchesAfter(first: Cell[], rows: AsyncIterator<Cell[]>, options: RowBatchOptions): AsyncGenerator<RowBatch> {
  try {
    let batch: RowBatch = [first];
    for (;;) {
      let next: IteratorResult<Cell[]>;
      try {
        next = await rows.next();
      } catch (error) {
        throw options.mapError(error);
      }
      if (next.done) break;
      batch.push(next.value);
      if (batch.length >= options.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    await release(rows, options);
  }
}
