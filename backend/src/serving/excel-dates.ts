import { isRecordObject } from './serving-model.ts';

/** Days from Excel's day 0 (1899-12-30 in its 1900 date system, past the phantom 1900-02-29) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET_DAYS = 25_569;
const DAY_MS = 86_400_000;
/** Serial 61 is 1900-03-01, the first day Excel counts correctly; 2,958,465 is 9999-12-31. */
const FIRST_RELIABLE_SERIAL = 61;
const LAST_SERIAL = 2_958_465;

/**
 * A worksheet cell holding a date reaches a custom function as its serial number (days since
 * 1899-12-30, the fraction being the time of day), with no format to tell it from any other number.
 * For requests that say they come from Excel, a number in a field the model reads as a date is
 * taken as such a serial and sent on as an ISO date-time (UTC, as the feature reader takes zone-less
 * dates). Anywhere else a number in a date field stays ambiguous and is read as missing.
 */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < FIRST_RELIABLE_SERIAL || serial > LAST_SERIAL) return null;
  return new Date(Math.round((serial - EXCEL_EPOCH_OFFSET_DAYS) * DAY_MS)).toISOString();
}

/** The records with serial numbers in `dateFields` turned into ISO dates; records without any are passed through. */
export function withExcelDates(records: readonly unknown[], dateFields: readonly string[]): unknown[] {
  if (dateFields.length === 0) return [...records];
  return records.map((record) => {
    if (!isRecordObject(record) || !dateFields.some((field) => typeof record[field] === 'number')) return record;
    const converted: Record<string, unknown> = { ...record };
    for (const field of dateFields) {
      const value = record[field];
      if (typeof value === 'number') converted[field] = excelSerialToIso(value) ?? value;
    }
    return converted;
  });
}
