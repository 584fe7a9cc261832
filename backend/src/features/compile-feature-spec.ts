import { FIELD_PROBLEM_CODES, type FieldProblem, type FittedFeatureSpec } from '@scorebridge/shared';
import { ValidationError } from '../errors.ts';
import type { RowBatch, TableStream } from '../datasets/table.ts';
import { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
import type { SourceContext } from './feature-sources.ts';
import { createFeatureWriter, type FeatureWriter, type RowWriter } from './feature-writers.ts';
import { ProblemCollector, ProblemRouter } from './field-problems.ts';
import { createInputReaders, createInputSlots, isInputMissing } from './input-readers.ts';
import { describeOutputFeatures, type OutputFeature } from './output-features.ts';
import { parseFittedFeatureSpec } from './parse-feature-spec.ts';
import { referenceDateMs } from './reference-date.ts';
import { createLabelReader } from './target-labels.ts';

/** Column-major features of many rows: `columns[j][i]` is output feature j of row i. */
export interface FeatureMatrix {
  rowCount: number;
  features: readonly OutputFeature[];
  columns: Float64Array[];
  /** 1 positive, 0 negative, NaN unlabeled; null when the rows had no target column. */
  labels: Float64Array | null;
  /** The first `maxProblems` fields that could not be read (and count as missing). */
  problems: FieldProblem[];
  /** All of them. */
  problemCount: number;
}

export interface TransformOptions {
  /** Problems kept with their row; the rest are only counted. Default 1000. */
  maxProblems?: number;
  /** Added to each problem's `rowIndex`, when these rows continue earlier ones. Default 0. */
  firstRowIndex?: number;
}

export interface TableTransformOptions extends TransformOptions {
  /** Rows to allocate for up front, such as the dataset's row count. Default 1024, doubled as needed. */
  expectedRows?: number;
  /** Checked between batches, so that a cancelled job stops reading. */
  signal?: AbortSignal;
}

/** Where `transformBatchInto` writes: rows land at `offset`, `offset + 1`, ... of every column. */
export interface MatrixTarget {
  columns: Float64Array[];
  labels: Float64Array | null;
  offset: number;
}

export interface BatchReport {
  rowCount: number;
  /** Whether labels were written: the rows had the target column and a labels array was given. */
  labeled: boolean;
  problems: FieldProblem[];
  problemCount: number;
}

export interface TransformedRecord {
  /** One number per output feature, in `features` order. */
  values: Float64Array;
  problems: FieldProblem[];
  /** Input columns that were absent, empty, a placeholder or unreadable, in input order. */
  missingColumns: string[];
}

export interface FeatureTransformer {
  readonly fitted: FittedFeatureSpec;
  readonly features: readonly OutputFeature[];
  /** The record fields the transform reads. */
  readonly inputColumns: readonly string[];
  /** Rows of raw cells under `header` (a column the spec reads but the header lacks is missing in every row, reported once). */
  transformBatch(rows: RowBatch, header: readonly string[], options?: TransformOptions): FeatureMatrix;
  /** The same into arrays the caller owns, such as one matrix filled batch by batch. */
  transformBatchInto(rows: RowBatch, header: readonly string[], target: MatrixTarget, options?: TransformOptions): BatchReport;
  /** A whole table into one matrix, grown as batches arrive (give `expectedRows` to allocate once). */
  transformTable(table: TableStream, options?: TableTransformOptions): Promise<FeatureMatrix>;
  /** One JSON record, keyed by column name, as a scoring request sends it. */
  transformRecord(record: Readonly<Record<string, unknown>>): TransformedRecord;
  /** Many JSON records at once, as a batched scoring request sends them. */
  transformRecords(records: readonly Readonly<Record<string, unknown>>[], options?: TransformOptions): FeatureMatrix;
  /** The same into columns the caller owns and reuses (each at least `records.length` long): row i is record i. */
  transformRecordsInto(records: readonly Readonly<Record<string, unknown>>[], columns: Float64Array[], options?: TransformOptions): Pick<BatchReport, 'problems' | 'problemCount'>;
}

const DEFAULT_MAX_PROBLEMS = 1000;

/**
 * Turns a fitted spec into the transform that training and serving both use. Every path (table
 * cells, JSON records, one or many) reads fields with the same readers and writes features with
 * the same writers, so a record scored alone gets exactly the numbers it got in training.
 *
 * The per-row work allocates nothing for well-formed values: inputs go into slots reused for every
 * row, features are written straight into the output arrays, and vocabularies are Map lookups.
 */
export function compileFeatureSpec(fittedSpec: FittedFeatureSpec): FeatureTransformer {
  const fitted = parseFittedFeatureSpec(fittedSpec);
  const features = Object.freeze(describeOutputFeatures(fitted));
  assertUniqueNames(features);

  const inputs = fitted.inputs;
  const inputColumns = Object.freeze(inputs.map((input) => input.column));
  const missing = new AsciiCaseInsensitiveSet(fitted.missingPlaceholders);
  const router = new ProblemRouter();
  const slots = createInputSlots(inputs.length);
  const readers = createInputReaders(inputs, missing, router, slots);
  const slotByColumn = new Map(inputs.map((input, index) => [input.column, index]));
  const context: SourceContext = { slots, slotOf: (column) => slotByColumn.get(column)!, referenceMs: referenceDateMs(fitted.referenceDate) };
  const labelOf = createLabelReader(fitted.target, missing);

  const writers: RowWriter[] = [];
  const preparers: NonNullable<FeatureWriter['prepare']>[] = [];
  let outputIndex = 0;
  for (const feature of fitted.features) {
    const writer = createFeatureWriter(feature, context, outputIndex);
    writers.push(writer.write);
    if (writer.prepare) preparers.push(writer.prepare);
    outputIndex += writer.width;
  }

  const prepareRows = (out: Float64Array[], start: number, end: number): void => {
    for (const prepare of preparers) prepare(out, start, end);
  };
  const writeRow = (out: Float64Array[], row: number): void => {
    for (const write of writers) write(out, row);
  };

  /** Positions of the inputs in a header, -1 when absent (reading position -1 of a row gives undefined: missing). */
  const positionsIn = (header: readonly string[], collector: ProblemCollector): Int32Array => {
    const positions = new Int32Array(inputs.length);
    inputs.forEach((input, index) => {
      positions[index] = header.indexOf(input.column);
      if (positions[index] === -1) {
        collector.report(input.column, FIELD_PROBLEM_CODES.columnAbsent, `${input.column}: the data has no such column; it counts as missing in every row`);
      }
    });
    return positions;
  };

  const runBatch = (rows: RowBatch, positions: Int32Array, targetPosition: number, target: MatrixTarget, collector: ProblemCollector, firstRowIndex: number): void => {
    router.target = collector;
    const { columns, labels, offset } = target;
    prepareRows(columns, offset, offset + rows.length);
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index]!;
      collector.rowIndex = firstRowIndex + index;
      for (let input = 0; input < readers.length; input += 1) readers[input]!(row[positions[input]!]);
      writeRow(columns, offset + index);
      if (labels !== null && targetPosition >= 0) labels[offset + index] = labelOf(row[targetPosition]);
    }
    collector.rowIndex = null;
  };

  const readRecord = (record: Readonly<Record<string, unknown>>): void => {
    const isObject = typeof record === 'object' && record !== null;
    for (let input = 0; input < readers.length; input += 1) {
      const column = inputColumns[input]!;
      // Own keys only: a column named "constructor" must not read Object.prototype.constructor.
      readers[input]!(isObject && Object.hasOwn(record, column) ? record[column] : undefined);
    }
  };

  const transformBatchInto = (rows: RowBatch, header: readonly string[], target: MatrixTarget, options: TransformOptions = {}): BatchReport => {
    const collector = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
    const positions = positionsIn(header, collector);
    const targetPosition = header.indexOf(fitted.target.column);
    runBatch(rows, positions, targetPosition, target, collector, options.firstRowIndex ?? 0);
    return { rowCount: rows.length, labeled: target.labels !== null && targetPosition >= 0, problems: collector.problems, problemCount: collector.count };
  };

  const transformRecordsInto = (records: readonly Readonly<Record<string, unknown>>[], columns: Float64Array[], options: TransformOptions = {}): Pick<BatchReport, 'problems' | 'problemCount'> => {
    const collector = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
    router.target = collector;
    prepareRows(columns, 0, records.length);
    records.forEach((record, index) => {
      collector.rowIndex = (options.firstRowIndex ?? 0) + index;
      readRecord(record);
      writeRow(columns, index);
    });
    return { problems: collector.problems, problemCount: collector.count };
  };

  const singleRow = features.map(() => new Float64Array(1));

  return Object.freeze({
    fitted,
    features,
    inputColumns,

    transformBatch(rows: RowBatch, header: readonly string[], options: TransformOptions = {}): FeatureMatrix {
      const columns = features.map(() => new Float64Array(rows.length));
      const labels = header.includes(fitted.target.column) ? new Float64Array(rows.length) : null;
      const report = transformBatchInto(rows, header, { columns, labels, offset: 0 }, options);
      return { rowCount: rows.length, features, columns, labels, problems: report.problems, problemCount: report.problemCount };
    },

    transformBatchInto,

    async transformTable(table: TableStream, options: TableTransformOptions = {}): Promise<FeatureMatrix> {
      const collector = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
      const positions = positionsIn(table.columns, collector);
      const targetPosition = table.columns.indexOf(fitted.target.column);
      let capacity = Math.max(1, options.expectedRows ?? 1024);
      let columns = features.map(() => new Float64Array(capacity));
      let labels = targetPosition >= 0 ? new Float64Array(capacity) : null;
      let rowCount = 0;
      for await (const batch of table.batches) {
        options.signal?.throwIfAborted();
        if (rowCount + batch.length > capacity) {
          capacity = Math.max(capacity * 2, rowCount + batch.length);
          columns = columns.map((column) => grow(column, capacity));
          labels = labels && grow(labels, capacity);
        }
        runBatch(batch, positions, targetPosition, { columns, labels, offset: rowCount }, collector, (options.firstRowIndex ?? 0) + rowCount);
        rowCount += batch.length;
      }
      return {
        rowCount,
        features,
        columns: columns.map((column) => column.slice(0, rowCount)),
        labels: labels && labels.slice(0, rowCount),
        problems: collector.problems,
        problemCount: collector.count,
      };
    },

    transformRecord(record: Readonly<Record<string, unknown>>): TransformedRecord {
      const collector = new ProblemCollector(Number.POSITIVE_INFINITY);
      router.target = collector;
      readRecord(record);
      prepareRows(singleRow, 0, 1);
      writeRow(singleRow, 0);
      const missingColumns = inputs.filter((input, index) => isInputMissing(input, index, slots)).map((input) => input.column);
      return { values: Float64Array.from(singleRow, (column) => column[0]!), problems: collector.problems, missingColumns };
    },

    transformRecords(records: readonly Readonly<Record<string, unknown>>[], options: TransformOptions = {}): FeatureMatrix {
      const columns = features.map(() => new Float64Array(records.length));
      return { rowCount: records.length, features, columns, labels: null, ...transformRecordsInto(records, columns, options) };
    },

    transformRecordsInto,
  });
}

function grow(array: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity);
  grown.set(array);
  return grown;
}

function assertUniqueNames(features: readonly OutputFeature[]): void {
  const seen = new Set<string>();
  for (const feature of features) {
    if (seen.has(feature.name)) {
      throw new ValidationError(`The fitted feature spec would give two features named "${feature.name}"`, [
        { field: 'fittedSpec.features', message: `"${feature.name}" occurs twice among the output features; rename a column or a ratio` },
      ]);
    }
    seen.add(feature.name);
  }
}
