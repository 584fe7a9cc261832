import { parseRangeAddress, type RangeBounds } from './a1-address.ts';

/**
 * Headers for a record given without them: when the record's cells lie in an Excel table, its
 * header row names them (`=SCOREBRIDGE.SCORE(Leads[@])`). The functions learn where their record
 * is from `invocation.parameterAddresses` and read the tables of that sheet once per burst: two
 * `context.sync()` calls however many cells ask (worksheets.getItem().tables, getCount,
 * getItemAt, getRange, getHeaderRowRange: ExcelApi 1.1 and 1.4).
 */

interface TableLayout {
  bounds: RangeBounds;
  header: string[];
}

type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface TableHeaderSourceOptions {
  /** `Excel.run`; a stand-in in tests. */
  run?: ExcelRun;
  /** How long one reading of a sheet's tables serves (one recalculation burst). */
  ttlMs?: number;
}

async function readSheetTables(run: ExcelRun, sheet: string): Promise<TableLayout[]> {
  return run(async (context) => {
    const tables = context.workbook.worksheets.getItem(sheet).tables;
    const count = tables.getCount();
    await context.sync();
    const proxies = Array.from({ length: count.value }, (_, index) => {
      const table = tables.getItemAt(index);
      return { range: table.getRange().load('address'), header: table.getHeaderRowRange().load('values') };
    });
    await context.sync();
    return proxies.flatMap(({ range, header }) => {
      const bounds = parseRangeAddress(range.address);
      return bounds ? [{ bounds, header: (header.values[0] ?? []).map((name) => String(name)) }] : [];
    });
  });
}

export function createTableHeaderSource({ run = (batch) => Excel.run(batch), ttlMs = 2000 }: TableHeaderSourceOptions = {}) {
  const sheets = new Map<string, { readAt: number; tables: Promise<TableLayout[]> }>();

  const tablesOf = (sheet: string): Promise<TableLayout[]> => {
    const cached = sheets.get(sheet);
    if (cached && Date.now() - cached.readAt < ttlMs) return cached.tables;
    const tables = readSheetTables(run, sheet);
    sheets.set(sheet, { readAt: Date.now(), tables });
    tables.catch(() => sheets.delete(sheet));
    return tables;
  };

  return {
    /** The header names over the record's columns, or null when the record is not inside a table's data rows. */
    async headersFor(recordAddress: string | undefined): Promise<string[] | null> {
      const record = recordAddress ? parseRangeAddress(recordAddress) : null;
      if (!record) return null;
      const table = (await tablesOf(record.sheet)).find(
        ({ bounds }) => record.firstRow > bounds.firstRow && record.lastRow <= bounds.lastRow && record.firstColumn >= bounds.firstColumn && record.lastColumn <= bounds.lastColumn,
      );
      if (!table) return null;
      return table.header.slice(record.firstColumn - table.bounds.firstColumn, record.lastColumn - table.bounds.firstColumn + 1);
    },
  };
}

export type TableHeaderSource = ReturnType<typeof createTableHeaderSource>;
