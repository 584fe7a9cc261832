import type { RowBatch, TableStream } from '../../datasets/table.ts';

/**
 * The rows of a table whose index (0 for the first data row) is marked in `keep`, as a table of
 * their own: feature specs are fitted on the training rows only, so that the holdout's categories
 * and medians cannot leak into the model it judges.
 */
export function rowFilteredTable(table: TableStream, keep: Uint8Array): TableStream {
  async function* batches(): AsyncGenerator<RowBatch> {
    let row = 0;
    for await (const batch of table.batches) {
      const kept: RowBatch = [];
      for (const cells of batch) {
        if (keep[row] === 1) kept.push(cells);
        row += 1;
      }
      if (kept.length > 0) yield kept;
    }
  }
  return { columns: table.columns, batches: batches() };
}

/** A mark per row of `rowCount`, set for `rows`. */
export function rowMask(rowCount: number, rows: Int32Array): Uint8Array {
  const mask = new Uint8Array(rowCount);
  for (const row of rows) mask[row] = 1;
  return mask;
}
