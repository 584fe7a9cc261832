import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { Parser, type InfoRecord } from 'csv-parse';
import { InvalidDataError } from '../invalid-data-error.ts';
import { BATCH_SIZE, type Cell, type TableStream } from '../table.ts';
import { csvParseErrorToInvalidData, type CsvProgress } from './csv-errors.ts';
import { sniffDelimiter, type Delimiter } from './delimiter-sniffer.ts';
import { columnNamesFromHeader } from './header-names.ts';
import { resolveImportLimits, type ImportLimits } from './import-limits.ts';
import { countOf, formatCount } from './message-text.ts';
import { rowBatches } from './row-batches.ts';
import { createTextNormaliser, type TextEncodingName, type TextNormaliser } from './text-encoding.ts';

export interface CsvReadOptions extends Partial<ImportLimits> {
  /** Skips sniffing when the caller knows the delimiter. */
  delimiter?: Delimiter;
  batchSize?: number;
  /**
   * Keeps a row with the wrong number of cells in its place, as a row of nulls, and tells this
   * callback why, instead of failing the whole file. Scoring uses it ("that row gets an empty score
   * and a reason"); importing a dataset does not, since a dataset must not silently lose values.
   */
  onRaggedRow?: (problem: InvalidDataError) => void;
}

export interface CsvTableStream extends TableStream {
  readonly delimiter: Delimiter;
  /** The encoding as far as the file has been read; "ascii" while no other character has appeared. */
  readonly encoding: TextEncodingName;
}

/** How much decoded text the delimiter is sniffed from. */
const SNIFF_BYTES = 65_536;

/**
 * Reads a CSV file (a path or a byte stream) as a table. The header and the first row are read
 * before this resolves, so an empty, binary or header-only file is refused at once; the other rows
 * are parsed only as the caller pulls batches. Empty cells become null: CSV cannot tell an empty
 * text from a missing value, and the rest of Scorebridge treats both as missing. Blank lines are
 * skipped.
 */
export async function readCsv(source: Readable | string, options: CsvReadOptions = {}): Promise<CsvTableStream> {
  const limits = resolveImportLimits(options);
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const normaliser = createTextNormaliser();
  const decoded = normalisedChunks(input, normaliser);

  let head: Buffer;
  let complete: boolean;
  try {
    ({ head, complete } = await readHead(decoded));
  } catch (error) {
    input.destroy();
    throw error;
  }
  const delimiter = options.delimiter ?? sniffDelimiter(head.toString('utf8'), complete);

  const progress: CsvProgress = { columns: undefined, lastRecordLine: 0, lastEmptyLines: 0 };
  const parser = new Parser({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: false,
    skip_empty_lines: true,
    // Rows with the wrong number of cells are refused by onRecord, with a message naming both counts.
    relax_column_count: true,
    max_record_size: limits.maxRowChars,
    // csv-parse types records as strings; the cells it passes on are strings or null from here.
    on_record: (record: string[], info: InfoRecord) => onRecord(record, info, progress, limits, options.onRaggedRow) as string[],
  });
  pipeline(Readable.from(replay(head, decoded)), parser, () => {
    // Errors reach the caller through the parser: pipeline destroys it with the first error of any stage.
  });

  const records = parser[Symbol.asyncIterator]() as AsyncIterator<Cell[]>;
  const close = () => {
    parser.destroy();
    input.destroy();
  };
  const mapError = (error: unknown) => csvParseErrorToInvalidData(error, progress, limits, (parser as unknown as { state?: object }).state);

  const header = await records.next().catch((error: unknown) => {
    close();
    throw mapError(error);
  });
  if (header.done) {
    close();
    throw new InvalidDataError('The file is empty: it has no header and no rows');
  }
  const columns = progress.columns ?? [];
  const batches = await rowBatches(records, {
    batchSize: options.batchSize ?? BATCH_SIZE,
    close,
    mapError,
    noRowsMessage: 'The file has a header but no rows',
  });
  return {
    columns,
    batches,
    delimiter,
    get encoding() {
      return normaliser.encoding;
    },
  };
}

/** Checks one parsed record: the header becomes the column names; a data row is checked and its empty cells become null. */
function onRecord(record: string[], info: InfoRecord, progress: CsvProgress, limits: ImportLimits, onRaggedRow: CsvReadOptions['onRaggedRow']): Cell[] {
  const columns = progress.columns;
  if (columns === undefined) {
    progress.columns = columnNamesFromHeader(record, limits.maxColumns);
  } else {
    const row = info.records - 1;
    if (record.length !== columns.length) {
      const missing = columns[record.length];
      const problem = new InvalidDataError(
        `The row has ${countOf(record.length, 'value')} but the header has ${countOf(columns.length, 'column')}, on line ${formatCount(info.lines)} of the file; ` +
          (record.length > columns.length ? 'a value may contain an unquoted delimiter' : 'values may be missing or a delimiter may be part of a quoted value'),
        missing === undefined ? { row } : { row, column: missing },
      );
      if (!onRaggedRow) throw problem;
      onRaggedRow(problem);
      progress.lastRecordLine = info.lines;
      progress.lastEmptyLines = info.empty_lines;
      return new Array<Cell>(columns.length).fill(null);
    }
    const cells: Cell[] = record;
    for (let index = 0; index < record.length; index += 1) {
      const cell = record[index]!;
      if (cell.length > limits.maxCellChars) {
        throw new InvalidDataError(`A value is longer than the limit of ${formatCount(limits.maxCellChars)} characters`, { row, column: columns[index]! });
      }
      if (cell === '') cells[index] = null;
    }
  }
  progress.lastRecordLine = info.lines;
  progress.lastEmptyLines = info.empty_lines;
  return record;
}

async function* normalisedChunks(input: Readable, normaliser: TextNormaliser): AsyncGenerator<Buffer> {
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const output = normaliser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    if (output.length > 0) yield output;
  }
  const rest = normaliser.end();
  if (rest.length > 0) yield rest;
}

/** Reads decoded text until there is enough to sniff the delimiter from, or the file ends. */
async function readHead(decoded: AsyncGenerator<Buffer>): Promise<{ head: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < SNIFF_BYTES) {
    const next = await decoded.next();
    if (next.done) {
      const head = Buffer.concat(chunks);
      if (head.toString('utf8').trim() === '') throw new InvalidDataError('The file is empty: it has no header and no rows');
      return { head, complete: true };
    }
    chunks.push(next.value);
    size += next.value.length;
  }
  return { head: Buffer.concat(chunks), complete: false };
}

async function* replay(head: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  yield* rest;
}
