import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Cell, RowBatch, TableStream } from '../datasets/table.ts';
import { generateRecordBatches } from './generate-records.ts';
import { syntheticColumns } from './object-descriptions.ts';
import { resolveSyntheticOptions, type SyntheticDataOptions } from './synthetic-options.ts';
import { TRUE_PROBABILITY_FIELD, type SalesforceValue } from './synthetic-records.ts';

export interface SyntheticTableOptions {
  /**
   * The columns to output, in order; by default every Salesforce column of the records. Add
   * `__trueProbability` to carry the true probability along; leave out columns to test imports
   * without them. Unknown names are an error.
   */
  columns?: readonly string[];
}

const RECORDS_PER_STEP = 256;

/** A value as a CSV export writes it: booleans as true/false, numbers in JavaScript's shortest form, dates as they are. */
function cellText(value: SalesforceValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

/**
 * A synthetic data set as the import pipeline receives tables: a header and batches of text
 * cells. Between batches it yields to the event loop, so a server generating a large demo data
 * set keeps answering requests.
 */
export function syntheticTableStream(options: SyntheticDataOptions, tableOptions: SyntheticTableOptions = {}): TableStream {
  const resolved = resolveSyntheticOptions(options);
  const available = syntheticColumns(resolved.object, resolved.quirks);
  const columns = tableOptions.columns ? [...tableOptions.columns] : available;
  for (const column of columns) {
    if (column !== TRUE_PROBABILITY_FIELD && !available.includes(column)) {
      throw new RangeError(`Synthetic ${resolved.object} records have no column ${JSON.stringify(column)}; they have ${available.join(', ')}`);
    }
  }
  async function* batches(): AsyncGenerator<RowBatch> {
    let rows: RowBatch = [];
    // Records are made in small batches and turned into rows at once, so that only rows, not a
    // whole batch of records as well, survive each young-generation collection and get copied.
    for (const records of generateRecordBatches({ ...options, batchSize: RECORDS_PER_STEP })) {
      for (const record of records as Record<string, SalesforceValue | undefined>[]) {
        const cells: Cell[] = new Array(columns.length);
        for (let column = 0; column < columns.length; column++) cells[column] = cellText(record[columns[column] as string]);
        rows.push(cells);
        if (rows.length === resolved.batchSize) {
          yield rows;
          rows = [];
          await nextMacrotask();
        }
      }
    }
    if (rows.length > 0) yield rows;
  }
  return { columns, batches: batches() };
}
