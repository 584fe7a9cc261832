import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { LABELS, type TargetLabels } from '../../datasets/profile/target-labels.ts';
import type { TableStream } from '../../datasets/table.ts';
import { parseDateText } from '../../features/index.ts';

export interface DateColumnReading {
  column: string;
  /** Slashed dates read day first (the profile's `dateOrder`). */
  dayFirst: boolean;
}

/** Per row of the table, in order: the label (1, 0, NaN unlabeled) and the date in epoch ms (NaN when missing). */
export interface RowOutcomes {
  rowCount: number;
  labels: Float64Array;
  dates: Float64Array | null;
}

const INITIAL_CAPACITY = 1024;

/**
 * The first pass over the data: only the target and the date column, so that the rows can be split
 * before any feature spec is fitted (the specs must see the training rows alone).
 */
export async function readRowOutcomes(table: TableStream, target: TargetLabels, date: DateColumnReading | null, signal?: AbortSignal): Promise<RowOutcomes> {
  const targetIndex = columnIndex(table, target.column);
  const dateIndex = date === null ? -1 : columnIndex(table, date.column);
  let labels = new Float64Array(INITIAL_CAPACITY);
  let dates = new Float64Array(date === null ? 0 : INITIAL_CAPACITY);
  let rowCount = 0;
  for await (const batch of table.batches) {
    signal?.throwIfAborted();
    if (rowCount + batch.length > labels.length) {
      const capacity = Math.max(2 * labels.length, rowCount + batch.length);
      labels = grow(labels, capacity);
      if (date !== null) dates = grow(dates, capacity);
    }
    for (const cells of batch) {
      const label = target.label(cells[targetIndex] ?? null);
      labels[rowCount] = label === LABELS.unlabeled ? Number.NaN : label;
      if (date !== null) {
        const text = cells[dateIndex];
        dates[rowCount] = text === null || text === undefined || text.trim() === '' ? Number.NaN : parseDateText(text, date.dayFirst);
      }
      rowCount += 1;
    }
  }
  return { rowCount, labels: labels.slice(0, rowCount), dates: date === null ? null : dates.slice(0, rowCount) };
}

function columnIndex(table: TableStream, column: string): number {
  const index = table.columns.indexOf(column);
  if (index < 0) throw new InvalidDataError(`The data has no column "${column}", though its profile does; profile the same data you train on`, { column });
  return index;
}

function grow(values: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity);
  grown.set(values);
  return grown;
}
