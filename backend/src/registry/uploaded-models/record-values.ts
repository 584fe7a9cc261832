import { describeValueType, quoteValue } from '../../features/field-problems.ts';
import { parseNumberText } from '../../features/number-text.ts';
import type { FeedElementType } from './resolve-field-mapping.ts';

const FLOAT32_MAX = 3.4028234663852886e38;

/** A value for one tensor element, or why the record's field cannot give one. */
export type FieldValue = { ok: true; value: number | bigint | string } | { ok: false; problem: string };

/**
 * Reads one record field for an input of the given element type. Numbers come from numbers,
 * numeric text (the dataset profile's rules: `1,234.5` yes, `1,5` no) and true/false (1/0); a
 * missing or unreadable value is a problem, since an uploaded model's handling of NaN is unknown.
 * Strings come from text as it is, and from numbers and true/false as their text; missing is ''.
 */
export function readFieldValue(elementType: FeedElementType, field: string, value: unknown): FieldValue {
  if (elementType === 'string') return readText(field, value);
  const number = readNumber(field, value);
  if (!number.ok || elementType === 'double') return number;
  if (elementType === 'float') {
    return Math.abs(number.value as number) <= FLOAT32_MAX ? number : { ok: false, problem: `${field}: ${number.value} is too large for the model's float input` };
  }
  const integer = number.value as number;
  if (!Number.isInteger(integer)) return { ok: false, problem: `${field}: ${integer} is not a whole number, which the model's ${elementType} input needs` };
  if (elementType === 'int32' && Math.abs(integer) > 2 ** 31 - 1) return { ok: false, problem: `${field}: ${integer} is too large for the model's int32 input` };
  if (elementType === 'int64' && !Number.isSafeInteger(integer)) return { ok: false, problem: `${field}: ${integer} is too large to pass exactly to the model's int64 input` };
  return { ok: true, value: elementType === 'int64' ? BigInt(integer) : integer };
}

function readNumber(field: string, value: unknown): FieldValue {
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: `${field}: ${value} is not a finite number` };
  if (typeof value === 'boolean') return { ok: true, value: value ? 1 : 0 };
  if (value === null || value === undefined) return { ok: false, problem: `${field} is missing` };
  if (typeof value !== 'string') return { ok: false, problem: `${field}: ${describeValueType(value)} is not a number` };
  const text = value.trim();
  if (text.length === 0) return { ok: false, problem: `${field} is missing` };
  const number = parseNumberText(text);
  return Number.isFinite(number) ? { ok: true, value: number } : { ok: false, problem: `${field}: ${quoteValue(text)} is not a number` };
}

function readText(field: string, value: unknown): FieldValue {
  if (typeof value === 'string') return { ok: true, value };
  if (value === null || value === undefined) return { ok: true, value: '' };
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return { ok: true, value: String(value) };
  return { ok: false, problem: `${field}: ${describeValueType(value)} is not text` };
}
