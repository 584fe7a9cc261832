/** File and JSON import: every source becomes a TableStream (see ../table.ts), or an InvalidDataError. */
export { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits.ts';
export { DELIMITER_CANDIDATES, type Delimiter } from './delimiter-sniffer.ts';
export { TEXT_ENCODINGS, type TextEncodingName } from './text-encoding.ts';
export { readCsv, type CsvReadOptions, type CsvTableStream } from './read-csv.ts';
export { readXlsx, type XlsxReadOptions, type XlsxTableStream } from './read-xlsx.ts';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './xlsx/zip-limits.ts';
export { readJsonRows, jsonRowsBodySchema, type JsonRowsBody, type JsonRowsOptions } from './read-json-rows.ts';
export { openTable, TABLE_FORMATS, type OpenedTable, type OpenTableOptions } from './open-table.ts';
