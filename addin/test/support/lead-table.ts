import { generateRecordBatches, OUTCOME_FIELDS, TRUE_PROBABILITY_FIELD } from '../../../backend/src/synthetic/index.ts';

/** A table as an analyst would have it in Excel: a header row, cells, and number formats per column. */
export interface ExcelTableData {
  header: string[];
  rows: (string | number | boolean)[][];
  numberFormats: string[];
}

export interface LeadTable extends ExcelTableData {
  /** The same leads as the generator made them (ISO date strings, null for missing), for comparisons. */
  records: Record<string, string | number | boolean | null>[];
}

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

function excelSerial(iso: string): number {
  return (Date.parse(iso.replace(/\+0000$/, 'Z')) - EXCEL_EPOCH_MS) / DAY_MS;
}

/**
 * Generated leads as an Excel table: Salesforce's field names (one spelled as a person would,
 * "Lead Source"), dates as Excel date serials with date formats, empty cells for missing values,
 * and the outcome IsConverted kept (a model never reads it), without the other outcome fields.
 */
export function leadTable(rows: number, seed: number): LeadTable {
  const records = [...generateRecordBatches({ object: 'Lead', rows, seed })].flat();
  const dropped = new Set<string>([TRUE_PROBABILITY_FIELD, ...OUTCOME_FIELDS.Lead.filter((field) => field !== 'IsConverted')]);
  const fields = Object.keys(records[0]!).filter((field) => !dropped.has(field));
  const formats = new Map<string, string>();
  const cells = records.map((record) =>
    fields.map((field) => {
      const value = (record as Record<string, unknown>)[field];
      if (value === null || value === undefined) return '';
      if (typeof value === 'string' && DATE_ONLY.test(value)) {
        formats.set(field, 'yyyy-mm-dd');
        return excelSerial(`${value}T00:00:00Z`);
      }
      if (typeof value === 'string' && DATE_TIME.test(value)) {
        formats.set(field, 'yyyy-mm-dd hh:mm');
        return excelSerial(value);
      }
      return value as string | number | boolean;
    }),
  );
  return {
    header: fields.map((field) => (field === 'LeadSource' ? 'Lead Source' : field)),
    rows: cells,
    numberFormats: fields.map((field) => formats.get(field) ?? 'General'),
    records: records.map((record) => Object.fromEntries(fields.map((field) => [field, (record as Record<string, string | number | boolean | null>)[field] ?? null]))),
  };
}
