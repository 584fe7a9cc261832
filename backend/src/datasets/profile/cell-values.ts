import type { DateOrder } from '@scorebridge/shared';
import { parseNumberTextInto } from '../../features/number-text.ts';

/**
 * How Scorebridge reads one raw text cell: what counts as missing, as a number, as a date and as a
 * yes/no value. Profiling, the target analysis and (through the column schema) feature building
 * must read cells alike, so these rules live here and nowhere else.
 */

/** Whether a trimmed, non-empty text is one of the configured placeholders that mean missing. */
export function createPlaceholderMatcher(placeholders: readonly string[]): (text: string) => boolean {
  const lowered = new Set(placeholders.map((placeholder) => placeholder.trim().toLowerCase()));
  const longest = Math.max(0, ...[...lowered].map((placeholder) => placeholder.length));
  // Checking the first character before lower-casing spares a string allocation for most cells.
  const initials = new Set([...lowered].flatMap((placeholder) => [placeholder.charCodeAt(0), placeholder.toUpperCase().charCodeAt(0)]));
  return (text) => text.length <= longest && initials.has(text.charCodeAt(0)) && lowered.has(text.toLowerCase());
}

/**
 * The number a text means, or NaN: the feature spec's reader (features/number-text.ts), so that a
 * column the profile calls numeric reads the same in training and serving. Accepted: 12, -3.5, .5,
 * 1e6 and comma-grouped 1,234,567.89. Not numbers: decimal commas, currency and percent signs,
 * integers with a leading zero such as 02139 (codes whose zeros matter), and values beyond a
 * double's range (the profile counts them as text, not as an infinite number).
 */
export function parseNumber(text: string): number {
  const first = text.charCodeAt(0);
  // Digits, +, - and . are the only possible first characters; most category texts stop here.
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return Number.NaN;
  parseNumberTextInto(text, parsed, 0);
  const value = parsed[0]!;
  return Number.isFinite(value) ? value : Number.NaN;
}

const parsed = new Float64Array(1);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const YEAR_FIRST_SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const SLASHED = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Epoch milliseconds of a calendar date and time, or NaN when there is no such date (2024-02-30). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number): number {
  // Years before 1000 are not CRM dates but fillers such as 0001-01-01 (and Date.UTC would read 0024 as 1924).
  if (year < 1000) return Number.NaN;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** A text read as a date both ways round; for unambiguous forms both readings are the same. */
export interface DateReading {
  monthFirst: number;
  dayFirst: number;
  /** Slashed or dashed day and month, where the order matters. */
  slashed: boolean;
  withTime: boolean;
}

export function createDateReading(): DateReading {
  return { monthFirst: Number.NaN, dayFirst: Number.NaN, slashed: false, withTime: false };
}

/**
 * Reads a text as a date, in epoch milliseconds (NaN when it is none). Read: ISO dates and
 * date-times (2024-03-05, 2024-03-05T14:30:00Z, Salesforce's 2024-03-05T14:30:00.000+0000),
 * 2024/03/05, and day and month separated by slashes or dashes with a four-digit year and an
 * optional time (3/5/2024 2:30 PM), read both ways round. Dotted dates (05.03.2024) are always day
 * first, as everywhere they are used. Times without a zone are taken as UTC. Month names and
 * two-digit years are not read as dates.
 */
export function readDate(text: string, target: DateReading): void {
  target.monthFirst = Number.NaN;
  target.dayFirst = Number.NaN;
  target.slashed = false;
  target.withTime = false;
  const first = text.charCodeAt(0);
  if (first < 48 || first > 57) return;
  let match = ISO_DATE.exec(text);
  if (match) {
    const [, year, month, day, hour, minute, second, fraction, zone] = match;
    const millisecond = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
    const time = utc(Number(year), Number(month), Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), millisecond) - offsetMinutes(zone) * 60_000;
    target.monthFirst = time;
    target.dayFirst = time;
    target.withTime = hour !== undefined;
    return;
  }
  match = YEAR_FIRST_SLASHED.exec(text);
  if (match) {
    const time = utc(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0, 0);
    target.monthFirst = time;
    target.dayFirst = time;
    return;
  }
  match = SLASHED.exec(text);
  if (!match) return;
  const [, rawA, separator, rawB, rawYear, rawHour, rawMinute, rawSecond, meridiem] = match;
  let hour = Number(rawHour ?? 0);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  const [a, b, year, minute, second] = [Number(rawA), Number(rawB), Number(rawYear), Number(rawMinute ?? 0), Number(rawSecond ?? 0)];
  target.withTime = rawHour !== undefined;
  target.dayFirst = utc(year, b, a, hour, minute, second, 0);
  if (separator === '.') {
    target.monthFirst = target.dayFirst;
    return;
  }
  target.monthFirst = utc(year, a, b, hour, minute, second, 0);
  target.slashed = true;
}

const reading = createDateReading();

/** The instant a text means, in epoch milliseconds, or NaN; slashed dates in the given order (see readDate). */
export function parseDate(text: string, order: DateOrder): number {
  readDate(text, reading);
  return order === 'day_first' ? reading.dayFirst : reading.monthFirst;
}

/** Texts meaning true or false, lower-cased. The numbers 1 and 0 count only in a two-valued column. */
export const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['t', true],
  ['f', false],
  ['1', true],
  ['0', false],
]);

const BOOLEAN_INITIALS = new Set([...BOOLEAN_WORDS.keys()].flatMap((word) => [word.charCodeAt(0), word.toUpperCase().charCodeAt(0)]));

export function readBoolean(text: string): boolean | undefined {
  if (text.length > 5 || !BOOLEAN_INITIALS.has(text.charCodeAt(0))) return undefined;
  return BOOLEAN_WORDS.get(text) ?? BOOLEAN_WORDS.get(text.toLowerCase());
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_\-:.#/]{3,63}$/;
const DIGIT = /\d/;
const LETTER = /[a-zA-Z]/;

export const ID_SHAPES = Object.freeze({ none: 0, code: 1, strong: 2 } as const);
export type IdShape = (typeof ID_SHAPES)[keyof typeof ID_SHAPES];

/**
 * How much a text looks like a record key. Strong: a UUID, a Salesforce 15- or 18-character id,
 * or an email address (as a column of nearly all-different emails identifies people rather than
 * describing them). Code: a token without spaces that contains a digit, such as 1C1I7A6R or
 * INV-2024-0042; only nearly all-different code columns in larger tables count as identifiers.
 */
export function idShape(text: string): IdShape {
  const length = text.length;
  if (length > 64 || length < 4) return ID_SHAPES.none;
  if (length === 36 && UUID.test(text)) return ID_SHAPES.strong;
  if (text.includes('@')) return EMAIL.test(text) ? ID_SHAPES.strong : ID_SHAPES.none;
  const hasDigit = DIGIT.test(text);
  if (!hasDigit) return ID_SHAPES.none;
  if ((length === 15 || length === 18) && SALESFORCE_ID.test(text) && LETTER.test(text)) return ID_SHAPES.strong;
  return CODE.test(text) ? ID_SHAPES.code : ID_SHAPES.none;
}

/** Column names that say "this is the record id": Id, ID, id. */
export function isIdColumnName(name: string): boolean {
  return name.trim().toLowerCase() === 'id';
}

/** Column names that suggest a key: Id, LeadId, account_id, uuid, guid, key. */
export function looksLikeKeyName(name: string): boolean {
  return /(?:^|[^a-z])(?:id|uuid|guid|key)$/i.test(name.trim()) || /[a-z](?:Id|ID)$/.test(name.trim());
}
