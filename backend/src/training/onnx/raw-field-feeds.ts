import { FIELD_PROBLEM_CODES, type FieldProblem, type FittedFeatureSpec } from '@scorebridge/shared';
import type { RowBatch } from '../../datasets/table.ts';
import {
  AsciiCaseInsensitiveSet,
  codePointLength,
  createInputReaders,
  createInputSlots,
  parseFittedFeatureSpec,
  ProblemCollector,
  wordCount,
  type InputReader,
  type InputSlots,
  type ProblemSink,
} from '../../features/index.ts';
import { rawFieldInputs, type RawFieldInput } from './raw-inputs.ts';

/**
 * The inputs of a raw-field model from records or table rows, for onnxruntime-node (or any
 * runtime): only the conversions the input contract asks of the caller, done by the feature
 * spec's own field readers (features/input-readers.ts), so a field counts as missing, a number or
 * a date exactly when the TypeScript transform says so:
 *
 * - number and boolean fields: read into numbers (`"1,234"` is 1234, `"yes"` is 1), NaN when missing;
 * - date fields: read into UTC milliseconds, NaN when missing;
 * - categorical and text fields: trimmed text, `""` when missing (placeholders included);
 * - supplied text measures: code points and words of the trimmed text, NaN when missing.
 *
 * Fields that cannot be read are missing and reported as problems, as in the transform.
 */

/** One input's data; `new ort.Tensor(feed.type, feed.data, feed.dims)` is the tensor onnxruntime takes. */
export type OnnxFeed =
  | { readonly type: 'string'; readonly data: string[]; readonly dims: readonly [number, 1] }
  | { readonly type: 'float64'; readonly data: Float64Array; readonly dims: readonly [number, 1] };

export interface RawFieldFeeds {
  rowCount: number;
  /** By graph input name. */
  feeds: Record<string, OnnxFeed>;
  problems: FieldProblem[];
  problemCount: number;
}

export interface RawFieldFeedOptions {
  /** Problems kept (all are counted); default 1000. */
  maxProblems?: number;
  /** The row index problems report for the first row; default 0. */
  firstRowIndex?: number;
}

export interface RawFieldFeedBuilder {
  readonly inputs: readonly RawFieldInput[];
  /** JSON records keyed by column name, as a scoring request sends them. */
  fromRecords(records: readonly Readonly<Record<string, unknown>>[], options?: RawFieldFeedOptions): RawFieldFeeds;
  /** Table rows whose cells are in `header` order, as the transformer reads them. */
  fromBatch(rows: RowBatch, header: readonly string[], options?: RawFieldFeedOptions): RawFieldFeeds;
  /**
   * One input's value (by its position in `inputs`) for one record, as `fromRecords` would feed
   * it, without reporting problems: for reading a few fields of a record rather than all of them.
   */
  readInput(record: Readonly<Record<string, unknown>>, input: number): number | string;
}

const DEFAULT_MAX_PROBLEMS = 1000;

export function createRawFieldFeedBuilder(fittedSpec: FittedFeatureSpec): RawFieldFeedBuilder {
  const fitted = parseFittedFeatureSpec(fittedSpec);
  const inputs = Object.freeze(rawFieldInputs(fitted));
  const missing = new AsciiCaseInsensitiveSet(fitted.missingPlaceholders);
  const slotByColumn = new Map(fitted.inputs.map((input, index) => [input.column, index]));

  /** Reads every row's fields into the slots with `readRow`, then writes each input's value for that row. */
  const build = (rowCount: number, readRow: (row: number, readers: readonly InputReader[]) => void, collector: ProblemCollector, options: RawFieldFeedOptions): RawFieldFeeds => {
    const slots = createInputSlots(fitted.inputs.length);
    const readers = createInputReaders(fitted.inputs, missing, collector, slots);
    const feeds: Record<string, OnnxFeed> = {};
    const writers = inputs.map((input) => {
      const { feed, write } = feedWriter(input, slotByColumn.get(input.column)!, slots, rowCount);
      feeds[input.name] = feed;
      return write;
    });
    const firstRowIndex = options.firstRowIndex ?? 0;
    for (let row = 0; row < rowCount; row++) {
      collector.rowIndex = firstRowIndex + row;
      readRow(row, readers);
      for (const write of writers) write(row);
    }
    collector.rowIndex = null;
    return { rowCount, feeds, problems: collector.problems, problemCount: collector.count };
  };

  // readInput's own slots and readers, made on first use; it reads one field at a time, synchronously.
  let single: { slots: InputSlots; readers: InputReader[] } | undefined;

  return Object.freeze({
    inputs,

    readInput(record: Readonly<Record<string, unknown>>, index: number): number | string {
      const input = inputs[index];
      if (!input) throw new RangeError(`No input ${index} among ${inputs.length}`);
      if (!single) {
        const slots = createInputSlots(fitted.inputs.length);
        single = { slots, readers: createInputReaders(fitted.inputs, missing, IGNORED_PROBLEMS, slots) };
      }
      const slot = slotByColumn.get(input.column)!;
      single.readers[slot]!(Object.hasOwn(record, input.column) ? record[input.column] : undefined);
      return inputValue(input, slot, single.slots);
    },

    fromRecords(records: readonly Readonly<Record<string, unknown>>[], options: RawFieldFeedOptions = {}): RawFieldFeeds {
      const collector = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
      const columns = fitted.inputs.map((input) => input.column);
      return build(
        records.length,
        (row, readers) => {
          const record = records[row];
          const isObject = typeof record === 'object' && record !== null;
          for (let input = 0; input < readers.length; input++) {
            const column = columns[input]!;
            // Own keys only, as the transform reads records: "constructor" is not a field of {}.
            readers[input]!(isObject && Object.hasOwn(record, column) ? record[column] : undefined);
          }
        },
        collector,
        options,
      );
    },

    fromBatch(rows: RowBatch, header: readonly string[], options: RawFieldFeedOptions = {}): RawFieldFeeds {
      const collector = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
      const positions = Int32Array.from(fitted.inputs, (input) => {
        const position = header.indexOf(input.column);
        if (position === -1) collector.report(input.column, FIELD_PROBLEM_CODES.columnAbsent, `${input.column}: the data has no such column; it counts as missing in every row`);
        return position;
      });
      return build(
        rows.length,
        (row, readers) => {
          const cells = rows[row]!;
          // Position -1 reads undefined: missing.
          for (let input = 0; input < readers.length; input++) readers[input]!(cells[positions[input]!]);
        },
        collector,
        options,
      );
    },
  });
}

const IGNORED_PROBLEMS: ProblemSink = Object.freeze({ report() {} });

/** An input's value from the slots its field was just read into, as feedWriter writes it into its feed. */
function inputValue(input: RawFieldInput, slot: number, slots: InputSlots): number | string {
  if (input.elementType === 'string') return slots.texts[slot] ?? '';
  if (input.derive === null) return slots.numbers[slot]!;
  const text = slots.texts[slot];
  if (text === null || text === undefined) return Number.NaN;
  return input.derive === 'textLength' ? codePointLength(text) : wordCount(text);
}

/** The feed of one input and the function that copies the current row's reading into it. */
function feedWriter(input: RawFieldInput, slot: number, slots: InputSlots, rowCount: number): { feed: OnnxFeed; write: (row: number) => void } {
  const dims = [rowCount, 1] as const;
  if (input.elementType === 'string') {
    const data = new Array<string>(rowCount);
    const write = (row: number): void => {
      data[row] = slots.texts[slot] ?? '';
    };
    return { feed: { type: 'string', data, dims }, write };
  }
  const data = new Float64Array(rowCount);
  const feed = { type: 'float64', data, dims } as const;
  if (input.derive === null) {
    const write = (row: number): void => {
      data[row] = slots.numbers[slot]!;
    };
    return { feed, write };
  }
  const measure = input.derive === 'textLength' ? codePointLength : wordCount;
  return {
    feed,
    write: (row) => {
      const text = slots.texts[slot];
      data[row] = text === null || text === undefined ? Number.NaN : measure(text);
    },
  };
}
