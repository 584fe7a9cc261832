import { InvalidDataError } from '../invalid-data-error.ts';
import { BATCH_SIZE, type Cell, type TableStream } from '../table.ts';
import { columnNamesFromHeader } from './header-names.ts';
import { resolveImportLimits, type ImportLimits } from './import-limits.ts';
import { countOf, formatCount } from './message-text.ts';
import { rowBatches } from './row-batches.ts';
import { columnLetters } from './xlsx/cell-references.ts';
import { readDateStyles } from './xlsx/cell-styles.ts';
import { readSharedStrings } from './xlsx/shared-strings.ts';
import { readSheetRows, type SheetRow } from './xlsx/sheet-rows.ts';
import { readWorkbookMap, type WorksheetRef } from './xlsx/workbook-parts.ts';
import { openZipArchive, type ZipArchive } from './xlsx/zip-archive.ts';
import { resolveZipLimits, type ZipLimits } from './xlsx/zip-limits.ts';

export interface XlsxReadOptions extends Partial<ImportLimits> {
  /** The worksheet to read; by default the first visible one. */
  sheet?: string;
  batchSize?: number;
  zipLimits?: Partial<ZipLimits>;
  /** Bound on the shared string table, which is held in memory while the sheet streams. */
  maxSharedStringsChars?: number;
}

export interface XlsxTableStream extends TableStream {
  /** The name of the worksheet read. */
  readonly sheet: string;
}

const DEFAULT_MAX_SHARED_STRINGS_CHARS = 268_435_456;

/**
 * Reads one worksheet of an XLSX workbook as a table: its first row with any value is the header,
 * rows without values are skipped, cells missing from a row are null. The archive is checked
 * against the zip limits before anything is inflated, and the header and first row are read
 * before this resolves; the other rows stream as the caller pulls batches.
 */
export async function readXlsx(path: string, options: XlsxReadOptions = {}): Promise<XlsxTableStream> {
  const limits = resolveImportLimits(options);
  const archive = await openZipArchive(path, resolveZipLimits(options.zipLimits));
  try {
    return await readWorksheet(archive, limits, options);
  } catch (error) {
    archive.close();
    throw error;
  }
}

async function readWorksheet(archive: ZipArchive, limits: ImportLimits, options: XlsxReadOptions): Promise<XlsxTableStream> {
  const workbook = await readWorkbookMap(archive);
  const sheet = chooseSheet(workbook.sheets, options.sheet);
  const sharedStrings = workbook.sharedStringsPart
    ? await readSharedStrings(archive, workbook.sharedStringsPart, options.maxSharedStringsChars ?? DEFAULT_MAX_SHARED_STRINGS_CHARS)
    : [];
  const dateStyles = workbook.stylesPart ? await readDateStyles(archive, workbook.stylesPart) : [];

  const rows = readSheetRows(archive, sheet.part, { sharedStrings, dateStyles, date1904: workbook.date1904, maxCellChars: limits.maxCellChars });
  let columns: string[];
  try {
    const headerRow = await rows.next();
    if (headerRow.done) throw new InvalidDataError(`The sheet ${JSON.stringify(sheet.name)} is empty`);
    columns = headerNames(headerRow.value, limits.maxColumns);
  } catch (error) {
    // Ending the row generator destroys the part's inflate stream, which holds the file open.
    await rows.return(undefined);
    throw error;
  }
  const width = columns.length;
  let dataRows = 0;

  async function* tableRows(): AsyncGenerator<Cell[]> {
    for await (const row of rows) {
      const cells: Cell[] = new Array<Cell>(width).fill(null);
      for (const [column, text] of row.values) {
        if (column >= width) {
          throw new InvalidDataError(
            `The row has a value in column ${columnLetters(column)} (sheet row ${row.number}) but the header has only ${countOf(width, 'column')} (${columnLetters(0)}–${columnLetters(width - 1)}); give the column a header or clear the cell`,
            { row: dataRows + 1 },
          );
        }
        cells[column] = text;
      }
      dataRows += 1;
      yield cells;
    }
  }

  const batches = await rowBatches(tableRows(), {
    batchSize: options.batchSize ?? BATCH_SIZE,
    close: () => archive.close(),
    mapError: (error) => error,
    noRowsMessage: `The sheet ${JSON.stringify(sheet.name)} has a header but no rows`,
  });
  return { columns, batches, sheet: sheet.name };
}

function chooseSheet(sheets: readonly WorksheetRef[], wanted: string | undefined): WorksheetRef {
  if (sheets.length === 0) throw new InvalidDataError('The workbook has no worksheets');
  if (wanted === undefined) return sheets.find((sheet) => !sheet.hidden) ?? sheets[0]!;
  const found = sheets.find((sheet) => sheet.name === wanted) ?? sheets.find((sheet) => sheet.name.toLowerCase() === wanted.toLowerCase());
  if (!found) {
    throw new InvalidDataError(`The workbook has no worksheet named ${JSON.stringify(wanted)}; its worksheets are ${sheets.map((sheet) => JSON.stringify(sheet.name)).join(', ')}`);
  }
  return found;
}

/** The header row's values become column names; its width is that of its last value. */
function headerNames(row: SheetRow, maxColumns: number): string[] {
  const width = Math.max(...row.values.map(([column]) => column)) + 1;
  if (width > maxColumns) {
    throw new InvalidDataError(`The header has ${formatCount(width)} columns (up to column ${columnLetters(width - 1)}); at most ${formatCount(maxColumns)} are allowed`, { row: 0 });
  }
  const cells = new Array<string | null>(width).fill(null);
  for (const [column, text] of row.values) cells[column] = text;
  return columnNamesFromHeader(cells, maxColumns, (index) => `${index + 1} (${columnLetters(index)})`);
}
