/**
 * The shape in which tabular data moves through Scorebridge before it becomes a dataset: a header
 * and batches of rows of raw text cells. Files, CRM syncs and rows pushed by the Excel add-in all
 * produce this; profiling, quality checks and snapshot storage consume it. Types are inferred later
 * from the text, so that every source is treated alike.
 */

/** A cell's raw text, or null when the source had no value at all. */
export type Cell = string | null;

/** A batch of rows; each row has exactly one cell per column, in column order. */
export type RowBatch = Cell[][];

export interface TableStream {
  columns: string[];
  /** Batches in source order. Consuming it twice is not supported. */
  batches: AsyncIterable<RowBatch>;
}

/** Rows per batch that producers aim for: large enough to amortise overhead, small enough for bounded memory. */
export const BATCH_SIZE = 5_000;
