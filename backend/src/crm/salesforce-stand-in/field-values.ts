import type { FieldSchema } from './object-schema.ts';
import { isDate, normalizeDateTime } from './salesforce-datetime.ts';
import { normalizeId } from './salesforce-ids.ts';
import type { SalesforceValue } from './stand-in-options.ts';

/** A per-record error as save results carry it (`statusCode`, not REST's `errorCode`). */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

export type CoercedValue = { ok: true; value: SalesforceValue } | { ok: false; error: SaveError };

const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'textarea', 'picklist', 'multipicklist', 'email', 'phone', 'url']);
const NUMBER_TYPES: ReadonlySet<string> = new Set(['int', 'double', 'currency', 'percent']);
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Bulk API CSV writes this to set a field to null; an empty cell leaves the field as it is. */
export const CSV_NULL = '#N/A';

function fail(field: FieldSchema, statusCode: string, message: string): CoercedValue {
  return { ok: false, error: { statusCode, message, fields: [field.name] } };
}

function wrongType(field: FieldSchema, raw: unknown): CoercedValue {
  return fail(field, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${String(raw)}`);
}

function coerceNull(field: FieldSchema): CoercedValue {
  // Salesforce stores an emptied checkbox as false; other required fields refuse to be emptied.
  if (field.type === 'boolean') return { ok: true, value: false };
  if (!field.nillable) return fail(field, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`);
  return { ok: true, value: null };
}

function coerceText(field: FieldSchema, raw: unknown): CoercedValue {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return wrongType(field, raw);
  const text = String(raw);
  // Salesforce never stores an empty string: it becomes null.
  if (text === '') return coerceNull(field);
  if (field.length > 0 && text.length > field.length) {
    return fail(field, 'STRING_TOO_LONG', `${field.label}: data value too large: ${text.slice(0, 40)} (max length=${field.length})`);
  }
  if (field.type === 'email' && !EMAIL_PATTERN.test(text)) return fail(field, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`);
  if (field.restrictedPicklist && (field.type === 'picklist' || field.type === 'multipicklist')) {
    const values = field.type === 'multipicklist' ? text.split(';') : [text];
    const bad = values.find((value) => !field.allowedValues.has(value));
    if (bad !== undefined) return fail(field, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${bad}`);
  }
  return { ok: true, value: text };
}

function coerceNumber(field: FieldSchema, raw: unknown): CoercedValue {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) return wrongType(field, raw);
  if (field.type === 'int' && !Number.isInteger(value)) return wrongType(field, raw);
  return { ok: true, value };
}

function coerceBoolean(field: FieldSchema, raw: unknown): CoercedValue {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'string') {
    const text = raw.toLowerCase();
    if (text === 'true' || text === '1') return { ok: true, value: true };
    if (text === 'false' || text === '0') return { ok: true, value: false };
  }
  return wrongType(field, raw);
}

/**
 * Checks and converts a value sent for a field (JSON, or CSV text) the way Salesforce's save does,
 * answering with the save error Salesforce would report for a value it refuses.
 */
export function coerceFieldValue(field: FieldSchema, raw: unknown): CoercedValue {
  if (raw === null || raw === undefined) return coerceNull(field);
  if (TEXT_TYPES.has(field.type)) return coerceText(field, raw);
  if (NUMBER_TYPES.has(field.type)) return coerceNumber(field, raw);
  switch (field.type) {
    case 'boolean':
      return coerceBoolean(field, raw);
    case 'id':
    case 'reference': {
      if (raw === '') return coerceNull(field);
      const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
      return id ? { ok: true, value: id } : fail(field, 'MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(raw)}`);
    }
    case 'date':
      if (raw === '') return coerceNull(field);
      return typeof raw === 'string' && isDate(raw) ? { ok: true, value: raw } : wrongType(field, raw);
    case 'datetime': {
      if (raw === '') return coerceNull(field);
      const value = typeof raw === 'string' ? normalizeDateTime(raw) : undefined;
      return value ? { ok: true, value } : wrongType(field, raw);
    }
    default:
      return wrongType(field, raw);
  }
}
