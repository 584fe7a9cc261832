import { CsvError } from 'csv-parse';
import { InvalidDataError, type DataLocation } from '../invalid-data-error.ts';
import type { ImportLimits } from './import-limits.ts';
import { formatCount } from './message-text.ts';

/** What the CSV reader knows about the file so far, to say where a parse error is. */
export interface CsvProgress {
  /** Column names once the header is read. */
  columns: string[] | undefined;
  /** The file line on which the last complete record ended (0 before the header). */
  lastRecordLine: number;
  /** Blank lines skipped up to that record. */
  lastEmptyLines: number;
}

/** What csv-parse exposes of the record being read when it fails. */
interface ParserState {
  quoting?: boolean;
  field?: { length?: number };
}

/**
 * Turns csv-parse's errors into InvalidDataError with the row and column a user can find. csv-parse
 * reports the line where parsing stopped; for a quote that is never closed that is the end of the
 * file, so the row start is worked out from where the previous record ended.
 */
export function csvParseErrorToInvalidData(error: unknown, progress: CsvProgress, limits: ImportLimits, parserState: ParserState | undefined): unknown {
  if (!(error instanceof CsvError)) return error;
  const context = error as CsvError & { records?: number; lines?: number; column?: number | string | null; empty_lines?: number };
  const records = context.records ?? 0;
  // csv-parse counts the header as a record, so the failing record's data row number is the count of complete records.
  const location: DataLocation = { row: records };
  const columnName = typeof context.column === 'number' ? progress.columns?.[context.column] : undefined;
  if (columnName !== undefined) location.column = columnName;
  const startLine = progress.lastRecordLine + 1 + Math.max(0, (context.empty_lines ?? 0) - progress.lastEmptyLines);
  // Before the header is known, a column can only be named by its position.
  const position = columnName === undefined && typeof context.column === 'number' ? ` at column ${context.column + 1}` : '';
  const rowName = (records === 0 ? 'the header' : `the row that starts on line ${formatCount(startLine)}`) + position;

  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new InvalidDataError(`A quoted value in ${rowName} is never closed: its opening quote runs to the end of the file; close the quote or double the quote characters inside the value`, location);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new InvalidDataError(
        `A quoted value on line ${formatCount(context.lines ?? startLine)} is followed by more text before the next delimiter; inside a quoted value, write a quote character as two ("")`,
        location,
      );
    case 'INVALID_OPENING_QUOTE':
      return new InvalidDataError(
        `A quote character appears inside an unquoted value on line ${formatCount(context.lines ?? startLine)}; put the whole value in quotes and write the quote inside it as two ("")`,
        location,
      );
    case 'CSV_MAX_RECORD_SIZE': {
      const fieldLength = parserState?.field?.length ?? 0;
      if (fieldLength > limits.maxCellChars) {
        const unclosed = parserState?.quoting ? '; if it is not meant to be this long, a quote that opens there is probably never closed' : '';
        return new InvalidDataError(`A value in ${rowName} is longer than the limit of ${formatCount(limits.maxCellChars)} characters${unclosed}`, location);
      }
      return new InvalidDataError(`${capitalise(rowName)} is longer than the limit of ${formatCount(limits.maxRowChars)} characters`, location);
    }
    default:
      return new InvalidDataError(`The file is not valid CSV: ${error.message}`, location);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
