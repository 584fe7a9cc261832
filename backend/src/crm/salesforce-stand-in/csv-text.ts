import { parse } from 'csv-parse/sync';

/** Bulk API 2.0's column delimiters and line endings, by the names jobs use for them. */
export const COLUMN_DELIMITERS = Object.freeze({ COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' } as const);
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;

export const LINE_ENDINGS = Object.freeze({ LF: '\n', CRLF: '\r\n' } as const);
export type LineEnding = keyof typeof LINE_ENDINGS;

export interface CsvFormat {
  readonly columnDelimiter: ColumnDelimiter;
  readonly lineEnding: LineEnding;
}

/** Bulk API 2.0 quotes every cell of its results, empty ones included. */
export function csvLine(cells: readonly string[], format: CsvFormat): string {
  return cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(COLUMN_DELIMITERS[format.columnDelimiter]) + LINE_ENDINGS[format.lineEnding];
}

export function csvDocument(header: readonly string[], rows: readonly (readonly string[])[], format: CsvFormat): string {
  return csvLine(header, format) + rows.map((row) => csvLine(row, format)).join('');
}

/** Parses uploaded job data: a header row, then one row per record, all of the same width. */
export function parseCsv(text: string, format: CsvFormat): string[][] {
  return parse(text, {
    delimiter: COLUMN_DELIMITERS[format.columnDelimiter],
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
  }) as string[][];
}
