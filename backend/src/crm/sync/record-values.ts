import type { Cell } from '../../datasets/table.ts';
import type { ValueKind } from './salesforce-describe.ts';

/**
 * Salesforce returns related fields nested (`{ Account: { attributes, Industry } }`) and every
 * record with an `attributes` object. We store records flat, keyed by the names used to select
 * them (`Account.Industry`), so stored records, datasets and scoring all use one naming.
 */
export function flattenRecord(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const name of fields) {
    const dot = name.indexOf('.');
    if (dot === -1) {
      flat[name] = record[name] ?? null;
    } else {
      const related = record[name.slice(0, dot)] as Record<string, unknown> | null | undefined;
      flat[name] = related?.[name.slice(dot + 1)] ?? null;
    }
  }
  return flat;
}

/**
 * Bulk API results are CSV: every value is text and an empty value means null. Turn them back
 * into what the REST API would have returned, so both paths store identical records.
 */
export function parseBulkValue(text: string, kind: ValueKind): unknown {
  if (text === '') return null;
  if (kind === 'number') {
    const value = Number(text);
    return Number.isFinite(value) ? value : text;
  }
  if (kind === 'boolean') return text === 'true';
  return text;
}

/** A stored field value as a dataset cell. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
