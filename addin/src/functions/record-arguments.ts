/// <reference types="custom-functions-runtime" />
import { CellInputError } from './cell-errors.ts';

/**
 * Turns a formula's `record` and `headers` arguments into records for the scoring API. Excel hands
 * a range over as rows of cell values: numbers, text, booleans, "" for an empty cell, an error
 * object for a cell showing an error. Each row of `record` is one record, keyed by the header row.
 */

export type CellRecord = Record<string, string | number | boolean | null>;

export interface RecordRows {
  fields: string[];
  /** One per row of the record range; null for a row whose cells are all empty. */
  records: (CellRecord | null)[];
}

/** A cell as the API reads it: empty cells, error cells and rich values are missing values. */
export function cellValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  return null;
}

/** The header row as field names: every name present and unique (ignoring case, as Excel tables do). */
export function headerNames(headers: readonly unknown[][]): string[] {
  if (headers.length !== 1) throw new CellInputError(`headers must be one row, not ${headers.length}`);
  const names = headers[0]!.map((value, column) => {
    const name = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() : '';
    if (name === '') throw new CellInputError(`the header of column ${column + 1} is empty`);
    return name;
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name.toLowerCase())) throw new CellInputError(`column ${name} appears twice in the headers`);
    seen.add(name.toLowerCase());
  }
  return names;
}

export function recordRows(record: readonly unknown[][], fields: readonly string[]): RecordRows {
  const width = record[0]?.length ?? 0;
  if (record.length === 0 || width === 0) throw new CellInputError('the record is empty');
  if (width !== fields.length) throw new CellInputError(`the record has ${width} columns and the headers ${fields.length}`);
  const records = record.map((row) => {
    const entries = fields.map((field, column) => [field, cellValue(row[column])] as const);
    return entries.every(([, value]) => value === null) ? null : Object.fromEntries(entries);
  });
  return { fields: [...fields], records };
}

/** The fields a model reads that the headers lack, compared as the API compares them (exact names). */
export function missingFields(inputFields: readonly string[], fields: readonly string[]): string[] {
  const present = new Set(fields);
  return inputFields.filter((field) => !present.has(field));
}
