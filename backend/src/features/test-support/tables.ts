import type { Cell, RowBatch, TableStream } from '../../datasets/table.ts';

/** A table stream over rows given in a test, cut into batches of `batchSize` rows. */
export function tableOf(columns: string[], rows: Cell[][], batchSize = 2): TableStream {
  async function* batches(): AsyncIterable<RowBatch> {
    for (let start = 0; start < rows.length; start += batchSize) yield rows.slice(start, start + batchSize);
  }
  return { columns, batches: batches() };
}

/** Rows written as objects, for readability, turned into cells in `columns` order (absent keys are null). */
export function rowsOf(columns: string[], records: Record<string, string | null>[]): Cell[][] {
  return records.map((record) => columns.map((column) => record[column] ?? null));
}

/** The numbers of one row of a column-major matrix. */
export function rowOf(columns: Float64Array[], row: number): number[] {
  return columns.map((column) => column[row]!);
}
