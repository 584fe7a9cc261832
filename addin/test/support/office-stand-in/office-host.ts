import { createExcelRun, emptySyncStats } from './excel-proxies.ts';
import { OfficeError, StandInWorkbook, type Cell } from './workbook.ts';

/**
 * A stand-in for the Office host around the task pane, installed before the add-in's scripts in
 * place of office.js: `Office` (onReady, requirements), `OfficeRuntime` (storage, auth), `Excel.run`
 * over the object model in excel-proxies.ts, `CustomFunctions` (the shared runtime's functions
 * register here), and `officeStandIn`, through which a test fills the workbook and reads it back.
 */

const STORAGE_PREFIX = 'OfficeRuntime.storage:';
/** Office single sign-on answers this when the add-in's manifest has no WebApplicationInfo. */
const SSO_NOT_CONFIGURED = { code: 13000, name: 'API Not Supported', message: 'The identity API is not supported for this add-in.' };

const book = new StandInWorkbook();
const stats = emptySyncStats();
const registeredFunctions = new Map<string, unknown>();
const standInOptions = { syncLatencyMs: 2 };

class CustomFunctionsError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message ?? code);
    this.code = code;
  }
}

const host = {
  Office: {
    HostType: { Excel: 'Excel' },
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    context: { host: 'Excel', platform: 'OfficeOnline', requirements: { isSetSupported: (name: string) => name === 'ExcelApi' || name === 'SharedRuntime' } },
    onReady(callback?: (info: { host: string; platform: string }) => void): Promise<{ host: string; platform: string }> {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      return new Promise((resolve) =>
        setTimeout(() => {
          callback?.(info);
          resolve(info);
        }, 0),
      );
    },
    auth: { getAccessToken: () => Promise.reject(SSO_NOT_CONFIGURED) },
  },
  OfficeRuntime: {
    storage: {
      getItem: (key: string) => Promise.resolve(localStorage.getItem(STORAGE_PREFIX + key)),
      setItem: (key: string, value: string) => Promise.resolve(localStorage.setItem(STORAGE_PREFIX + key, value)),
      removeItem: (key: string) => Promise.resolve(localStorage.removeItem(STORAGE_PREFIX + key)),
      getKeys: () => Promise.resolve(Object.keys(localStorage).filter((key) => key.startsWith(STORAGE_PREFIX)).map((key) => key.slice(STORAGE_PREFIX.length))),
    },
    auth: { getAccessToken: () => Promise.reject(SSO_NOT_CONFIGURED) },
  },
  Excel: { run: createExcelRun(book, stats, standInOptions) },
  OfficeExtension: { Error: OfficeError },
  CustomFunctions: {
    associate: (id: string, implementation: unknown) => void registeredFunctions.set(id.toUpperCase(), implementation),
    Error: CustomFunctionsError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!', nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!', busy: '#BUSY!', connect: '#CONNECT!' },
  },
  officeStandIn: {
    options: standInOptions,
    stats,
    functions: () => [...registeredFunctions.keys()],
    addTable: (table: { name: string; worksheet?: string; header: string[]; rows: Cell[][]; numberFormats?: string[] }) => book.addTable(table),
    /** Puts the selection in a table's first data cell; null: in a cell outside every table. */
    select: (tableName: string | null) => void (book.selectedTable = tableName),
    table: (name: string) => {
      const table = book.findTable(name);
      return table ? { header: [...table.header], rows: table.rows.map((row) => [...row]) } : null;
    },
  },
};

Object.assign(globalThis, host);
