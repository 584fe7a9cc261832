import { z } from 'zod';
import { InvalidDataError } from '../invalid-data-error.ts';
import { BATCH_SIZE, type Cell, type RowBatch, type TableStream } from '../table.ts';
import { columnNamesFromHeader } from './header-names.ts';
import { resolveImportLimits, type ImportLimits } from './import-limits.ts';
import { countOf, formatCount } from './message-text.ts';

/**
 * Rows pushed by the Excel add-in: the values of a worksheet range as Office.js gives them, where
 * an empty cell is "" and numbers and booleans keep their JSON types.
 */
export const jsonRowsBodySchema = z
  .object({
    columns: z.array(z.string()),
    rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  })
  .strict();

export type JsonRowsBody = z.infer<typeof jsonRowsBodySchema>;

export interface JsonRowsOptions extends Partial<Pick<ImportLimits, 'maxCellChars' | 'maxColumns'>> {
  batchSize?: number;
}

/**
 * Checks rows pushed as JSON and returns them as a table of text cells, like every other source:
 * numbers in JavaScript's shortest form, booleans as "true"/"false", "" and null as null. The body
 * is already in memory, so every row is checked before anything is returned.
 */
export function readJsonRows(body: unknown, options: JsonRowsOptions = {}): TableStream {
  const limits = resolveImportLimits(options);
  const parsed = jsonRowsBodySchema.safeParse(body);
  if (!parsed.success) throw invalidBody(parsed.error, body);
  const { rows } = parsed.data;
  if (parsed.data.columns.length === 0) throw new InvalidDataError('The rows have no columns: the first row of the range must hold the column names', { row: 0 });
  const columns = columnNamesFromHeader(parsed.data.columns, limits.maxColumns);
  if (rows.length === 0) throw new InvalidDataError('The range has a header but no rows');

  const table: Cell[][] = rows.map((values, index) => {
    const row = index + 1;
    if (values.length !== columns.length) {
      throw new InvalidDataError(
        `The row has ${countOf(values.length, 'value')} but the range has ${countOf(columns.length, 'column')}`,
        values.length < columns.length ? { row, column: columns[values.length]! } : { row },
      );
    }
    return values.map((value, column) => {
      const text = value === null ? null : typeof value === 'string' ? value : String(value);
      if (text !== null && text.length > limits.maxCellChars) {
        throw new InvalidDataError(`A value is longer than the limit of ${formatCount(limits.maxCellChars)} characters`, { row, column: columns[column]! });
      }
      return text === '' ? null : text;
    });
  });
  return { columns, batches: inBatches(table, options.batchSize ?? BATCH_SIZE) };
}

async function* inBatches(rows: Cell[][], batchSize: number): AsyncGenerator<RowBatch> {
  for (let start = 0; start < rows.length; start += batchSize) yield rows.slice(start, start + batchSize);
}

/** The first problem zod found, located: ["rows", 4, 2] is row 5, the third column. */
function invalidBody(error: z.ZodError, body: unknown): InvalidDataError {
  const issue = error.issues[0]!;
  const [section, rowIndex, columnIndex] = issue.path;
  if (section === 'rows' && typeof rowIndex === 'number') {
    const columns = (body as { columns?: unknown }).columns;
    const name = typeof columnIndex === 'number' && Array.isArray(columns) && typeof columns[columnIndex] === 'string' ? (columns[columnIndex] as string) : undefined;
    const what = typeof columnIndex === 'number' ? 'A value must be text, a number, a boolean or null' : 'A row must be a list of values';
    return new InvalidDataError(what, name === undefined ? { row: rowIndex + 1 } : { row: rowIndex + 1, column: name });
  }
  if (section === 'columns') return new InvalidDataError('The column names must be a list of texts', { row: 0 });
  return new InvalidDataError(`The rows must be an object { columns: string[], rows: (string | number | boolean | null)[][] } (${issue.message})`);
}
