/**
 * Every call the task pane makes into Excel's object model, and nothing else. Each function is one
 * short `Excel.run` batch so that Excel handles the user's own edits between batches: a 100,000-row
 * table is read and written a chunk at a time, never in one request (Excel on the web refuses
 * requests over 5 MB, and a long batch freezes the grid).
 *
 * Only documented calls are used (ExcelApi 1.9): getSelectedRange().getTables(), tables.getItem(),
 * getHeaderRowRange(), getDataBodyRange(), Range.getRow()/getResizedRange(), columns.getItem()/add(),
 * and `values` read with load() then sync() before the property is read.
 */

export type CellValue = string | number | boolean;

export interface TableSnapshot {
  name: string;
  worksheet: string;
  /** Header names, left to right. */
  columns: string[];
  /** Rows of the data body (without the header). */
  rowCount: number;
  /** Columns whose first data cell has a date format: their numbers are Excel date serials. */
  dateColumns: string[];
}

const NO_TABLE_MESSAGE = 'Select a cell inside an Excel table first (to make one: select your data, then Home > Format as Table)';

/** Reads the table that holds the selection (its first table when the selection spans several). */
export async function readSelectedTable(): Promise<TableSnapshot> {
  return Excel.run(async (context) => {
    let table: Excel.Table;
    try {
      table = context.workbook.getSelectedRange().getTables(false).getFirst();
      table.load('name');
      await context.sync();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ItemNotFound') throw new Error(NO_TABLE_MESSAGE, { cause: error });
      throw error;
    }
    return describeTable(context, table);
  });
}

/** Reads a table by name, as it is now (it may have grown since it was selected). */
export async function readTable(tableName: string): Promise<TableSnapshot> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    table.load('name');
    return describeTable(context, table);
  });
}

async function describeTable(context: Excel.RequestContext, table: Excel.Table): Promise<TableSnapshot> {
  const worksheet = table.worksheet.load('name');
  const header = table.getHeaderRowRange().load('values');
  const body = table.getDataBodyRange().load('rowCount');
  const firstRow = table.getDataBodyRange().getRow(0).load('numberFormat');
  await context.sync();
  const columns = (header.values[0] ?? []).map((name) => String(name));
  const formats = (firstRow.numberFormat[0] ?? []) as unknown[];
  return {
    name: table.name,
    worksheet: worksheet.name,
    columns,
    rowCount: body.rowCount,
    dateColumns: columns.filter((_, index) => isDateFormat(formats[index])),
  };
}

/** A number format that shows a date (m/d/yyyy, yyyy-mm-dd, d-mmm ...), not a time alone or a plain number. */
export function isDateFormat(format: unknown): boolean {
  if (typeof format !== 'string') return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return !/^general$/i.test(bare.trim()) && /[dy]/i.test(bare);
}

/** `count` data rows from row `start` (0 is the first row under the header), every column. */
export async function readTableRows(tableName: string, start: number, count: number): Promise<CellValue[][]> {
  if (count <= 0) return [];
  return Excel.run(async (context) => {
    const range = context.workbook.tables.getItem(tableName).getDataBodyRange().getRow(start).getResizedRange(count - 1, 0).load('values');
    await context.sync();
    return range.values as CellValue[][];
  });
}

/**
 * Adds the named columns the table lacks, at its right; a column that exists (in any letter case)
 * is kept where it is. Resolves with each name as the table spells it, for writeTableColumns.
 */
export async function ensureTableColumns(tableName: string, names: readonly string[]): Promise<{ added: string[]; columns: Record<string, string> }> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    const header = table.getHeaderRowRange().load('values');
    await context.sync();
    const existing = new Map((header.values[0] ?? []).map((name) => [String(name).trim().toLowerCase(), String(name)]));
    const columns: Record<string, string> = {};
    const added: string[] = [];
    for (const name of names) {
      const spelled = existing.get(name.toLowerCase());
      columns[name] = spelled ?? name;
      if (spelled === undefined) {
        table.columns.add(undefined, undefined, name);
        added.push(name);
      }
    }
    if (added.length > 0) await context.sync();
    return { added, columns };
  });
}

/**
 * Writes values into named columns from data row `start` down, in one batch: each array is one
 * column's cells for the rows start .. start + length - 1.
 */
export async function writeTableColumns(tableName: string, start: number, columns: Record<string, CellValue[]>): Promise<void> {
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    for (const [name, cells] of Object.entries(columns)) {
      if (cells.length === 0) continue;
      const range = table.columns.getItem(name).getDataBodyRange().getRow(start).getResizedRange(cells.length - 1, 0);
      range.values = cells.map((cell) => [cell]);
    }
    await context.sync();
  });
}

/** Lets the browser paint (the progress bar) and Excel handle input before the next batch. */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
