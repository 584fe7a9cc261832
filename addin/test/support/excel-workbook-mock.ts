import { OfficeMockObject } from 'office-addin-mock';
import type { CellValue } from '../../src/taskpane/excel-gateway.ts';

/**
 * Excel's object model for unit tests, built from office-addin-mock's OfficeMockObject: every
 * proxy the gateway gets must be loaded and synced before its properties read true values, as in
 * Office. Behind the proxies sit plain tables the test sets up and inspects.
 */

export interface WorkbookTable {
  name: string;
  worksheet: string;
  header: string[];
  rows: CellValue[][];
  /** Number format of each column's cells; default General. */
  numberFormats?: string[];
}

interface Area {
  /** -1 is the header row, 0 the first data row. */
  row: number;
  rows: number;
  column: number;
  columns: number;
}

/** Every proxy handed out in the current batch; ranges also know which cells they stand for. */
interface TrackedProxy {
  mock: OfficeMockObject;
  range?: { table: WorkbookTable; area: Area };
  lastSeen: unknown;
}

export interface SyncRecord {
  /** Cells written by this sync. */
  cellsWritten: number;
  /** Rows of the tallest range written by this sync. */
  rowsWritten: number;
  columnsAdded: string[];
}

export interface WorkbookMock {
  tables: WorkbookTable[];
  syncs: SyncRecord[];
  /** Which table the selection is in; null: outside any table. */
  select(tableName: string | null): void;
  /** A column's data cells by header name. */
  column(tableName: string, name: string): CellValue[];
}

/**
 * Excel on the web refuses a request whose answer exceeds 5 MB; here a range of more cells than
 * this has no `values` to load (load() throws), so a test fails if the code reads a whole big table.
 */
export const MAX_LOADED_CELLS = 100_000;

function cellsOf(area: Area, pick: (row: number, column: number) => unknown): unknown[][] {
  return Array.from({ length: area.rows }, (_, r) => Array.from({ length: area.columns }, (_, c) => pick(area.row + r, area.column + c)));
}

/** Installs `globalThis.Excel` as an OfficeMockObject over the given tables; returns the workbook to inspect. */
export function installWorkbookMock(tables: WorkbookTable[]): WorkbookMock {
  let selected: string | null = tables[0]?.name ?? null;
  let tracked: TrackedProxy[] = [];
  const track = (mock: OfficeMockObject): OfficeMockObject => (tracked.push({ mock, lastSeen: undefined }), mock);
  let pending: SyncRecord = { cellsWritten: 0, rowsWritten: 0, columnsAdded: [] };
  const syncs: SyncRecord[] = [];

  const find = (name: string): WorkbookTable => {
    const table = tables.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (!table) throw Object.assign(new Error(`The requested resource doesn't exist: table ${name}`), { code: 'ItemNotFound' });
    return table;
  };

  function rangeMock(table: WorkbookTable, area: Area): OfficeMockObject {
    const mock = new OfficeMockObject({
      rowCount: area.rows,
      columnCount: area.columns,
      getRow: (index: number) => rangeMock(table, { ...area, row: area.row + index, rows: 1 }),
      getResizedRange: (deltaRows: number, deltaColumns: number) => rangeMock(table, { ...area, rows: area.rows + deltaRows, columns: area.columns + deltaColumns }),
    });
    // The cells are copied when a load asks for them, not for every intermediate range (a whole
    // 100,000-row column is one); populate() is how OfficeMockObject's constructor fills itself.
    const load = mock.load.bind(mock);
    let filled = false;
    mock.load = (properties: Parameters<OfficeMockObject['load']>[0]) => {
      if (!filled && area.rows * area.columns <= MAX_LOADED_CELLS) {
        (mock as unknown as { populate(data: object): void }).populate({
          values: cellsOf(area, (row, column) => (row < 0 ? table.header[column] : table.rows[row]?.[column] ?? '')),
          numberFormat: cellsOf(area, (_, column) => table.numberFormats?.[column] ?? 'General'),
        });
        filled = true;
      }
      return load(properties);
    };
    tracked.push({ mock, range: { table, area }, lastSeen: undefined });
    return mock;
  }

  function tableMock(table: WorkbookTable): OfficeMockObject {
    const mock = new OfficeMockObject({
      name: table.name,
      worksheet: { name: table.worksheet },
      getHeaderRowRange: () => rangeMock(table, { row: -1, rows: 1, column: 0, columns: table.header.length }),
      getDataBodyRange: () => rangeMock(table, { row: 0, rows: table.rows.length, column: 0, columns: table.header.length }),
      columns: {
        getItem: (name: string) => {
          const index = table.header.findIndex((header) => header.toLowerCase() === name.toLowerCase());
          if (index < 0) throw Object.assign(new Error(`The requested resource doesn't exist: column ${name}`), { code: 'ItemNotFound' });
          return new OfficeMockObject({ name: table.header[index], getDataBodyRange: () => rangeMock(table, { row: 0, rows: table.rows.length, column: index, columns: 1 }) });
        },
        add: (_index: number | undefined, _values: unknown, name: string) => {
          table.header.push(name);
          for (const row of table.rows) row.push('');
          table.numberFormats?.push('General');
          pending.columnsAdded.push(name);
          return new OfficeMockObject({ name });
        },
      },
    });
    return track(mock);
  }

  async function sync(): Promise<void> {
    for (const proxy of tracked) {
      const values = proxy.mock.values as unknown;
      if (proxy.range && Array.isArray(values) && values !== proxy.lastSeen) {
        // Code assigned `values`: write them through, as Excel does at sync.
        const { table, area } = proxy.range;
        const rows = values as CellValue[][];
        rows.forEach((cells, r) => cells.forEach((cell, c) => (table.rows[area.row + r]![area.column + c] = cell)));
        pending.cellsWritten += rows.length * (rows[0]?.length ?? 0);
        pending.rowsWritten = Math.max(pending.rowsWritten, rows.length);
      }
      await proxy.mock.sync();
    }
    // OfficeMockObject.sync settles loaded properties a few microtasks after it returns.
    await new Promise((resolve) => setImmediate(resolve));
    for (const proxy of tracked) proxy.lastSeen = proxy.mock.values;
    syncs.push(pending);
    pending = { cellsWritten: 0, rowsWritten: 0, columnsAdded: [] };
  }

  const excel = new OfficeMockObject({
    host: 'excel',
    context: {
      sync,
      workbook: {
        getSelectedRange: () =>
          new OfficeMockObject({
            getTables: () => ({
              getFirst: () => {
                if (!selected) throw Object.assign(new Error("The requested resource doesn't exist."), { code: 'ItemNotFound' });
                return tableMock(find(selected));
              },
            }),
          }),
        tables: { getItem: (name: string) => tableMock(find(name)) },
      },
    },
    run: async (batch: (context: unknown) => Promise<unknown>) => {
      tracked = [];
      const result = await batch(excel.context);
      // A batch's unsynced work is dropped in Office too; the gateway always syncs.
      return result;
    },
  });
  (globalThis as { Excel?: unknown }).Excel = excel;

  return {
    tables,
    syncs,
    select(name) {
      selected = name;
    },
    column(tableName, name) {
      const table = find(tableName);
      const index = table.header.findIndex((header) => header.toLowerCase() === name.toLowerCase());
      return table.rows.map((row) => row[index]!);
    },
  };
}
