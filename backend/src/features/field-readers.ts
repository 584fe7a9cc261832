import { FIELD_PROBLEM_CODES } from '@scorebridge/shared';
import type { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
import { parseDateTextInto } from './date-text.ts';
import { describeValueType, quoteValue, type ProblemSink } from './field-problems.ts';
import { parseNumberTextInto } from './number-text.ts';

/**
 * Reading one field's value, as it comes from a table cell (text or null) or from a JSON record
 * (number, boolean, text, null, absent, or anything else a client sends), into what the features
 * need: a number (NaN when missing) or a trimmed text (null when missing). Both paths run through
 * these functions, which is what makes training and serving agree.
 *
 * Missing means: null, undefined (an absent key), empty or whitespace-only text, or a placeholder.
 * A value that is present but cannot be read (text in a number field, a list, Infinity) is also
 * missing, and is reported, so that a score can say which field was ignored instead of failing.
 */

export interface FieldContext {
  readonly column: string;
  readonly missing: AsciiCaseInsensitiveSet;
  readonly problems: ProblemSink;
}

// The number readers store their result in `into[at]` rather than returning it: V8 boxes a double
// returned from a call it does not inline as a new heap object, which would be an allocation per
// cell; storing into a Float64Array never allocates. Each starts from "missing" and overwrites it
// when the value is readable.

export function readNumberField(value: unknown, field: FieldContext, into: Float64Array, at: number): void {
  into[at] = Number.NaN;
  if (typeof value === 'string') {
    const text = value.trim();
    parseNumberTextInto(text, into, at);
    const number = into[at]!;
    if (Number.isFinite(number)) return;
    into[at] = Number.NaN;
    if (text.length === 0 || field.missing.has(text)) return;
    if (Number.isNaN(number)) field.problems.report(field.column, FIELD_PROBLEM_CODES.notANumber, notANumberMessage(field.column, text));
    else field.problems.report(field.column, FIELD_PROBLEM_CODES.notFinite, `${field.column}: ${quoteValue(text)} is too large for a number; read as missing`);
  } else if (typeof value === 'number') {
    if (Number.isFinite(value)) into[at] = value;
    else field.problems.report(field.column, FIELD_PROBLEM_CODES.notFinite, `${field.column}: ${String(value)} is not a finite number; read as missing`);
  } else if (value !== null && value !== undefined) {
    reportWrongType(value, 'a number', field);
  }
}

/** Reads UTC milliseconds. Numbers are refused: epoch seconds, milliseconds and Excel serial days all look alike. */
export function readDateField(value: unknown, field: FieldContext, dayFirst: boolean, into: Float64Array, at: number): void {
  into[at] = Number.NaN;
  if (typeof value === 'string') {
    const text = value.trim();
    parseDateTextInto(text, dayFirst, into, at);
    if (!Number.isNaN(into[at]!) || text.length === 0 || field.missing.has(text)) return;
    else {
      field.problems.report(
        field.column,
        FIELD_PROBLEM_CODES.notADate,
        `${field.column}: ${quoteValue(text)} is not a date such as 2024-03-31 or 2024-03-31T14:05:00Z; read as missing`,
      );
    }
  } else if (value instanceof Date) {
    const ms = value.getTime();
    if (!Number.isNaN(ms)) into[at] = ms;
    else field.problems.report(field.column, FIELD_PROBLEM_CODES.notADate, `${field.column}: an invalid date; read as missing`);
  } else if (value !== null && value !== undefined) {
    reportWrongType(value, 'a date (give ISO 8601 text such as 2024-03-31)', field);
  }
}

export interface BooleanWords {
  readonly trueValues: AsciiCaseInsensitiveSet;
  readonly falseValues: AsciiCaseInsensitiveSet;
}

/** Reads 1 or 0. The column's own true/false words are checked before the placeholders. */
export function readBooleanField(value: unknown, field: FieldContext, words: BooleanWords, into: Float64Array, at: number): void {
  into[at] = Number.NaN;
  if (typeof value === 'string') {
    const text = value.trim();
    if (words.trueValues.has(text)) into[at] = 1;
    else if (words.falseValues.has(text)) into[at] = 0;
    else if (text.length === 0 || field.missing.has(text)) return;
    else {
      field.problems.report(
        field.column,
        FIELD_PROBLEM_CODES.notABoolean,
        `${field.column}: ${quoteValue(text)} is neither a true value (${words.trueValues.values.join(', ')}) nor a false one (${words.falseValues.values.join(', ')}); read as missing`,
      );
    }
  } else if (typeof value === 'boolean') {
    into[at] = value ? 1 : 0;
  } else if (typeof value === 'number') {
    if (value === 1 || value === 0) into[at] = value;
    else field.problems.report(field.column, FIELD_PROBLEM_CODES.notABoolean, `${field.column}: ${String(value)} is neither 1 nor 0; read as missing`);
  } else if (value !== null && value !== undefined) {
    reportWrongType(value, 'true or false', field);
  }
}

/**
 * Reads into trimmed text. Numbers and booleans are written as JavaScript writes them (`12.5`,
 * `true`), so a category sent as a number matches the same category read from a file.
 */
export function readTextField(value: unknown, field: FieldContext): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    return text.length === 0 || field.missing.has(text) ? null : text;
  }
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return String(value);
    field.problems.report(field.column, FIELD_PROBLEM_CODES.notFinite, `${field.column}: ${String(value)} is not a finite number; read as missing`);
    return null;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  reportWrongType(value, 'text', field);
  return null;
}

function reportWrongType(value: unknown, expected: string, field: FieldContext): void {
  field.problems.report(field.column, FIELD_PROBLEM_CODES.wrongType, `${field.column}: ${describeValueType(value)} cannot be read as ${expected}; read as missing`);
}

function notANumberMessage(column: string, text: string): string {
  return `${column}: ${quoteValue(text)} is not a number${notANumberHint(text)}; read as missing`;
}

function notANumberHint(text: string): string {
  if (/^[+-]?0\d/.test(text)) return ' (a leading zero marks a code, not a number)';
  if (/[$€£¥%]/.test(text)) return ' (currency and percent signs are not read)';
  if (/\d[,\s]\d/.test(text)) return ' (write plain numbers such as 1234.5: decimal commas and space-grouped digits are not read)';
  return '';
}
