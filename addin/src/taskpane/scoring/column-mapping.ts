import type { CellValue } from '../excel-gateway.ts';

/** Which table column feeds one input field of the model; null leaves the field missing. */
export interface FieldMapping {
  field: string;
  column: string | null;
}

/** "Lead Source", "lead_source" and "LeadSource" are one name; so are "Email Opens" and "Email_Opens__c". */
export function normalizedName(name: string): string {
  return name
    .trim()
    .replace(/__c$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Each field mapped to the column of the same normalized name, when the table has one. */
export function suggestMapping(fields: readonly string[], columns: readonly string[]): FieldMapping[] {
  const byName = new Map<string, string>();
  for (const column of columns) if (!byName.has(normalizedName(column))) byName.set(normalizedName(column), column);
  return fields.map((field) => ({ field, column: byName.get(normalizedName(field)) ?? null }));
}

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** An Excel date serial as an ISO date (with the time when it has one). */
export function excelSerialToIso(serial: number): string {
  const iso = new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS)).toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/**
 * The records to score from table rows: one object per row with the mapped fields; an empty cell
 * is left out (the model reads it as missing) and a number in a date column becomes an ISO date.
 */
export function buildRecords(rows: readonly CellValue[][], columns: readonly string[], mapping: readonly FieldMapping[], dateColumns: readonly string[]): Record<string, CellValue>[] {
  const dates = new Set(dateColumns);
  const sources = mapping
    .filter((entry): entry is { field: string; column: string } => entry.column !== null)
    .map((entry) => ({ field: entry.field, index: columns.indexOf(entry.column), isDate: dates.has(entry.column) }))
    .filter((source) => source.index >= 0);
  return rows.map((row) => {
    const record: Record<string, CellValue> = {};
    for (const { field, index, isDate } of sources) {
      const value = row[index];
      if (value === undefined || value === '') continue;
      record[field] = isDate && typeof value === 'number' ? excelSerialToIso(value) : value;
    }
    return record;
  });
}
