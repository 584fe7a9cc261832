import { OfficeMockObject } from 'office-addin-mock';

/**
 * Excel's object model as far as the functions read it, built with office-addin-mock: worksheets
 * by name, each with its tables (getCount, getItemAt), each table's range address and header row.
 * Properties read true values only after load() and context.sync(), as in Office.
 */

export interface SheetTable {
  /** The table's whole range, header row included, as Excel reports it: `Leads!A1:C11`. */
  address: string;
  header: string[];
}

export interface SheetTablesMock {
  /** Excel.run calls so far. */
  runs: number;
  syncs: number;
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export function createSheetTablesMock(sheets: Record<string, SheetTable[]>): SheetTablesMock {
  const sheetKeys = new Map(Object.keys(sheets).map((name, index) => [name.toLowerCase(), `sheet${index}`]));
  const worksheets: Record<string, unknown> = {
    getItem(this: Record<string, unknown>, name: string) {
      const key = sheetKeys.get(name.toLowerCase());
      if (!key) throw Object.assign(new Error(`The requested resource doesn't exist: worksheet ${name}`), { code: 'ItemNotFound' });
      return this[key];
    },
  };
  Object.entries(sheets).forEach(([name, tables]) => {
    const collection: Record<string, unknown> = {
      getCount: () => ({ value: tables.length }),
      getItemAt(this: Record<string, unknown>, index: number) {
        return this[`table${index}`];
      },
    };
    tables.forEach((table, index) => {
      collection[`table${index}`] = {
        range: { address: table.address },
        header: { values: [table.header] },
        getRange(this: Record<string, unknown>) {
          return this.range;
        },
        getHeaderRowRange(this: Record<string, unknown>) {
          return this.header;
        },
      };
    });
    worksheets[sheetKeys.get(name.toLowerCase())!] = { tables: collection };
  });

  const mock = {
    runs: 0,
    syncs: 0,
    run: async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
      mock.runs += 1;
      const context = new OfficeMockObject({ workbook: { worksheets } });
      const sync = context.sync.bind(context);
      context.sync = async () => {
        mock.syncs += 1;
        await sync();
        // OfficeMockObject settles loaded properties a few microtasks after sync returns.
        await new Promise((resolve) => setImmediate(resolve));
      };
      return batch(context as unknown as Excel.RequestContext);
    },
  };
  return mock;
}
