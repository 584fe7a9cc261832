import { datasetProfileOptionsSchema, type DatasetProfile, type DatasetProfileOptions, type DatasetSchema } from '@scorebridge/shared';
import { InvalidDataError } from '../invalid-data-error.ts';
import type { RowBatch } from '../table.ts';
import { createPlaceholderMatcher, isIdColumnName } from './cell-values.ts';
import { createColumnAccumulator } from './column-accumulator.ts';
import { buildColumnProfile } from './column-profile.ts';
import { createDistinctSampler } from './distinct-sampler.ts';
import { createHashPair, createRowHasher } from './hash.ts';
import { suggestColumns } from './close-names.ts';
import { inferColumnSchema } from './type-inference.ts';

/**
 * Profiles a table in one streaming pass: feed it every batch with `add`, then `finish` once.
 * Memory does not grow with the row count: per column it keeps a bounded sample of numbers, a
 * bounded map of frequent values and a bounded distinct-value sample; per table, bounded samples
 * of row and id hashes. About 2 MB per column at most, plus up to 25 MB each for the duplicate-row
 * and duplicate-id checks with the default limits.
 */

const EXAMPLE_LIMIT = 5;
/** Frequent values tracked per column: well above any real picklist, small enough to be cheap. */
const FREQUENT_CAPACITY = 2000;

export interface Profiler {
  add(batch: RowBatch): void;
  finish(): DatasetProfile;
}

function chooseIdColumn(columns: readonly string[], requested: string | undefined): number {
  if (requested === undefined) return columns.findIndex(isIdColumnName);
  const index = columns.indexOf(requested);
  if (index < 0) throw new InvalidDataError(`The id column ${JSON.stringify(requested)} is not in the data${suggestColumns(requested, columns)}`, { column: requested });
  return index;
}

export function createProfiler(columns: readonly string[], options: DatasetProfileOptions = {}): Profiler {
  const settings = datasetProfileOptionsSchema.parse(options);
  if (columns.length === 0) throw new InvalidDataError('The data has no columns');
  const isPlaceholder = createPlaceholderMatcher(settings.placeholders);
  const accumulators = columns.map((name, index) =>
    createColumnAccumulator(name, {
      isPlaceholder,
      distinctExactLimit: settings.distinctExactLimit,
      frequentCapacity: Math.max(FREQUENT_CAPACITY, 4 * settings.topValuesLimit),
      sampleSize: settings.sampleSize,
      seed: 0x5eed + index,
    }),
  );
  const idColumn = chooseIdColumn(columns, settings.idColumn);
  const ids = createDistinctSampler(settings.rowsExactLimit);
  const idExamples: string[] = [];
  const rows = createDistinctSampler(settings.rowsExactLimit);
  const duplicateRowExamples: number[] = [];
  const rowHasher = createRowHasher();
  const rowHash = createHashPair();
  // With nothing but an id column, every row would "repeat" the empty rest of the previous one.
  const compareRows = columns.length > (idColumn >= 0 ? 1 : 0);
  let rowCount = 0;
  let finished = false;

  function addRow(row: RowBatch[number]): void {
    rowCount++;
    if (row.length !== columns.length) {
      throw new InvalidDataError(`A row has ${row.length} cells where the header has ${columns.length} columns`, { row: rowCount });
    }
    rowHasher.reset();
    for (let column = 0; column < columns.length; column++) {
      const reading = accumulators[column]!.add(row[column]!);
      if (column === idColumn) {
        if (!reading.missing && ids.add(reading.hi, reading.lo) && idExamples.length < EXAMPLE_LIMIT) {
          const id = row[column]!.trim();
          if (!idExamples.includes(id)) idExamples.push(id);
        }
        continue;
      }
      if (reading.missing) rowHasher.mix(0x6d697373, column);
      else rowHasher.mix(reading.hi, reading.lo);
    }
    if (!compareRows) return;
    rowHasher.finish(rowHash);
    if (rows.add(rowHash.hi, rowHash.lo) && duplicateRowExamples.length < EXAMPLE_LIMIT) duplicateRowExamples.push(rowCount);
  }

  return {
    add(batch) {
      if (finished) throw new Error('The profiler has already finished');
      for (const row of batch) addRow(row);
    },
    finish() {
      finished = true;
      const profileColumns = accumulators.map(({ evidence }) => {
        const inferred = inferColumnSchema(evidence);
        // A type the source declares (a Salesforce picklist is categorical even when it looks like numbers) wins.
        const declared = settings.columnTypes[evidence.name];
        const schema = declared && declared !== inferred.type ? { ...inferred, type: declared } : inferred;
        return buildColumnProfile(evidence, schema, rowCount, settings.topValuesLimit);
      });
      return {
        version: 1,
        rowCount,
        placeholders: settings.placeholders,
        columns: profileColumns,
        duplicateRows: { count: Math.round(rows.repeatCount()), exact: rows.exact, exampleRows: duplicateRowExamples },
        idColumn:
          idColumn < 0
            ? null
            : { name: columns[idColumn]!, duplicateCount: Math.round(ids.repeatCount()), exact: ids.exact, examples: idExamples },
      };
    },
  };
}

/** The column schema part of a profile: what feature building needs to read the raw cells. */
export function schemaOfProfile(profile: DatasetProfile): DatasetSchema {
  return {
    columns: profile.columns.map(({ name, type, dateOrder, trueValue, falseValue }) => ({ name, type, dateOrder, trueValue, falseValue })),
  };
}
