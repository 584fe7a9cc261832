import type { Cell } from '../../datasets/table.ts';
import type { ValueKind } from './salesforce-describe.ts';

/**
 * Salesforce returns related fields nested (`{ Account: { attributes, Industry } }`) and every
 * record with an `attributes` object. We store records flat, keyed by the names used to select
 * them (`Account.Industry`), so stored records, datasets and scoring all use one naming.
 */
export function flattenRecord(record: Record<string, unknown>, fields: readonly string[], kinds: ReadonlyMap<string, ValueKind>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const name of fields) {
    const dot = name.indexOf('.');
    const value = dot === -1 ? record[name] : (record[name.slice(0, dot)] as Record<string, unknown> | null | undefined)?.[name.slice(dot + 1)];
    flat[name] = normalizeDateTime(value ?? null, kinds.get(name));
  }
  return flat;
}

/**
 * REST answers datetimes as `2024-03-05T10:00:00.000+0000`, Bulk CSV as `…000Z`: one instant, two
 * texts. Both become ISO 8601 in UTC, so a record reads the same whichever way it was synced.
 */
function normalizeDateTime(value: unknown, kind: ValueKind | undefined): unknown {
  if (kind !== 'datetime' || typeof value !== 'string') return value;
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? value : new Date(time).toISOString();
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
