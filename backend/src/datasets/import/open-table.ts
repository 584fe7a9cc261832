import { open } from 'node:fs/promises';
import path from 'node:path';
import { readCsv, type CsvReadOptions, type CsvTableStream } from './read-csv.ts';
import { readXlsx, type XlsxReadOptions, type XlsxTableStream } from './read-xlsx.ts';

export const TABLE_FORMATS = Object.freeze({ csv: 'csv', xlsx: 'xlsx' } as const);

export type OpenedTable = (CsvTableStream & { format: typeof TABLE_FORMATS.csv }) | (XlsxTableStream & { format: typeof TABLE_FORMATS.xlsx });

export type OpenTableOptions = CsvReadOptions & XlsxReadOptions;

const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm', '.xls']);
const ZIP_SIGNATURE = Buffer.from('PK\x03\x04', 'latin1');
const COMPOUND_DOCUMENT_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * Opens a file as a table, choosing the reader by what the file is rather than only by its name:
 * a zip archive (or an old Office document) goes to the workbook reader, which explains what is
 * wrong with it if it is no XLSX; a file named like a workbook that is not one gets the workbook
 * reader's "not a zip archive"; everything else is read as CSV text, which refuses binary data.
 */
export async function openTable(filePath: string, options: OpenTableOptions = {}): Promise<OpenedTable> {
  const start = await readStart(filePath);
  const workbookByName = WORKBOOK_EXTENSIONS.has(path.extname(filePath).toLowerCase());
  const workbookByContent = start.equals(ZIP_SIGNATURE) || start.equals(COMPOUND_DOCUMENT_SIGNATURE);
  // A text file named .xls is common: some CRM exports write tab-separated text under that name.
  const textNamedXls = path.extname(filePath).toLowerCase() === '.xls' && !workbookByContent;
  if (workbookByContent || (workbookByName && !textNamedXls)) {
    return Object.assign(await readXlsx(filePath, options), { format: TABLE_FORMATS.xlsx });
  }
  return Object.assign(await readCsv(filePath, options), { format: TABLE_FORMATS.csv });
}

async function readStart(filePath: string): Promise<Buffer> {
  const file = await open(filePath, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4), 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
