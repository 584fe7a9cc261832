import { daysFromCivil, DAY_MS } from './date-parts.ts';
import { isWhitespace } from './text-measures.ts';

/**
 * The instant a trimmed text means, in UTC milliseconds, or NaN. These are the dataset profile's
 * rules (datasets/profile/cell-values.ts), so a column the profile calls a date reads the same here:
 *
 * - ISO 8601: `2024-03-05`, optionally `T` or a space and `HH:MM`, `:SS`, `.fraction` (up to 9
 *   digits, cut to milliseconds), and a zone `Z`, `+02:00`, `+0200` or `+02`
 *   (Salesforce writes `2024-03-05T14:30:00.000+0000`);
 * - year first with slashes: `2024/03/05`;
 * - day and month of one or two digits and a four-digit year, separated alike by `/`, `-` or `.`,
 *   optionally followed by `H:MM`, `:SS` and AM/PM: `3/5/2024 2:30 PM`. Dotted dates are always
 *   day first; slashed and dashed ones follow the column's order.
 *
 * Times without a zone are UTC. That is a decision, not an accident: `Date.parse` reads a zone-less
 * date-time in the server's own time zone, so the same file would give different weekdays and day
 * counts on machines in different zones. Impossible dates (2023-02-29) are NaN, as are month names
 * and two-digit years. Written as a scanner because it runs for every date cell and should
 * allocate nothing.
 */
export function parseDateText(text: string, dayFirst: boolean): number {
  const result = new Float64Array(1);
  parseDateTextInto(text, dayFirst, result, 0);
  return result[0]!;
}

/**
 * The same, storing the instant in `into[at]` (NaN when the text is not a date): the per-cell form,
 * because V8 boxes a double returned from a call it does not inline, which would be an allocation
 * per cell.
 */
export function parseDateTextInto(text: string, dayFirst: boolean, into: Float64Array, at: number): void {
  into[at] = Number.NaN;
  const leading = countDigits(text, 0);
  if (leading === 4) {
    const separator = text.charCodeAt(4);
    if (separator === 45) parseIso(text, into, at);
    else if (separator === 47) parseYearFirstSlashed(text, into, at);
  } else if (leading === 1 || leading === 2) {
    parseDayMonthYear(text, leading, dayFirst, into, at);
  }
}

function parseIso(text: string, into: Float64Array, at: number): void {
  const length = text.length;
  if (length < 10 || text.charCodeAt(7) !== 45 || countDigits(text, 5) !== 2 || countDigits(text, 8) !== 2) return;
  const date = civilDays(numberAt(text, 0, 4), numberAt(text, 5, 2), numberAt(text, 8, 2)) * DAY_MS;
  if (length === 10) {
    into[at] = date;
    return;
  }
  const separator = text.charCodeAt(10);
  if ((separator !== 84 && separator !== 32) || length < 16 || countDigits(text, 11) !== 2 || text.charCodeAt(13) !== 58 || countDigits(text, 14) !== 2) {
    return;
  }
  const hour = numberAt(text, 11, 2);
  const minute = numberAt(text, 14, 2);
  let second = 0;
  let millisecond = 0;
  let index = 16;
  if (text.charCodeAt(index) === 58) {
    if (countDigits(text, index + 1) !== 2) return;
    second = numberAt(text, index + 1, 2);
    index += 3;
    if (text.charCodeAt(index) === 46) {
      const fractionDigits = countDigits(text, index + 1);
      if (fractionDigits < 1 || fractionDigits > 9) return;
      // Digits beyond milliseconds are cut, not rounded, so no fraction moves an instant into the next day.
      millisecond = Math.floor(numberAt(text, index + 1, Math.min(fractionDigits, 3)) * 10 ** (3 - Math.min(fractionDigits, 3)));
      index += 1 + fractionDigits;
    }
  }
  while (index < length && isWhitespace(text.charCodeAt(index))) index += 1;
  const offset = zoneOffsetMinutes(text, index);
  into[at] = date + timeMs(hour, minute, second) + millisecond - offset * 60_000;
}

/** Minutes east of UTC of the zone from `index` to the end (0 when there is none), or NaN. */
function zoneOffsetMinutes(text: string, index: number): number {
  const rest = text.length - index;
  if (rest === 0) return 0;
  const code = text.charCodeAt(index);
  if (code === 90) return rest === 1 ? 0 : Number.NaN;
  if ((code !== 43 && code !== 45) || countDigits(text, index + 1) < 2) return Number.NaN;
  const hours = numberAt(text, index + 1, 2);
  let minutes = 0;
  if (rest === 6 && text.charCodeAt(index + 3) === 58 && countDigits(text, index + 4) === 2) minutes = numberAt(text, index + 4, 2);
  else if (rest === 5 && countDigits(text, index + 1) === 4) minutes = numberAt(text, index + 3, 2);
  else if (rest !== 3 || countDigits(text, index + 1) !== 2) return Number.NaN;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return (code === 45 ? -1 : 1) * (hours * 60 + minutes);
}

function parseYearFirstSlashed(text: string, into: Float64Array, at: number): void {
  const monthDigits = countDigits(text, 5);
  if (monthDigits < 1 || monthDigits > 2 || text.charCodeAt(5 + monthDigits) !== 47) return;
  const dayStart = 6 + monthDigits;
  const dayDigits = countDigits(text, dayStart);
  if (dayDigits < 1 || dayDigits > 2 || dayStart + dayDigits !== text.length) return;
  into[at] = civilDays(numberAt(text, 0, 4), numberAt(text, 5, monthDigits), numberAt(text, dayStart, dayDigits)) * DAY_MS;
}

function parseDayMonthYear(text: string, firstDigits: number, dayFirstOrder: boolean, into: Float64Array, at: number): void {
  const length = text.length;
  const separator = text.charCodeAt(firstDigits);
  if (separator !== 47 && separator !== 45 && separator !== 46) return;
  const secondStart = firstDigits + 1;
  const secondDigits = countDigits(text, secondStart);
  if (secondDigits < 1 || secondDigits > 2 || text.charCodeAt(secondStart + secondDigits) !== separator) return;
  const yearStart = secondStart + secondDigits + 1;
  if (countDigits(text, yearStart) !== 4) return;
  const firstNumber = numberAt(text, 0, firstDigits);
  const secondNumber = numberAt(text, secondStart, secondDigits);
  const dayFirst = separator === 46 || dayFirstOrder;
  const date = civilDays(numberAt(text, yearStart, 4), dayFirst ? secondNumber : firstNumber, dayFirst ? firstNumber : secondNumber) * DAY_MS;
  let index = yearStart + 4;
  if (index === length) {
    into[at] = date;
    return;
  }

  const timeSeparator = text.charCodeAt(index);
  if (timeSeparator !== 32 && timeSeparator !== 84) return;
  index += 1;
  const hourDigits = countDigits(text, index);
  if (hourDigits < 1 || hourDigits > 2 || text.charCodeAt(index + hourDigits) !== 58 || countDigits(text, index + hourDigits + 1) !== 2) return;
  let hour = numberAt(text, index, hourDigits);
  const minute = numberAt(text, index + hourDigits + 1, 2);
  index += hourDigits + 3;
  let second = 0;
  if (text.charCodeAt(index) === 58) {
    if (countDigits(text, index + 1) !== 2) return;
    second = numberAt(text, index + 1, 2);
    index += 3;
  }
  while (index < length && isWhitespace(text.charCodeAt(index))) index += 1;
  if (index < length) {
    const meridiem = text.charCodeAt(index) | 0x20;
    if ((meridiem !== 97 && meridiem !== 112) || (text.charCodeAt(index + 1) | 0x20) !== 109 || index + 2 !== length) return;
    if (hour < 1 || hour > 12) return;
    hour = (hour % 12) + (meridiem === 112 ? 12 : 0);
  }
  into[at] = date + timeMs(hour, minute, second);
}

/**
 * Days since 1970 of a date, or NaN when the date does not exist. Days rather than milliseconds
 * because V8 returns small integers without allocating; the callers multiply by DAY_MS.
 */
function civilDays(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/** Milliseconds into the day, or NaN for an impossible time. */
function timeMs(hour: number, minute: number, second: number): number {
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  return ((hour * 60 + minute) * 60 + second) * 1000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** How many digits follow from `start`. */
function countDigits(text: string, start: number): number {
  let index = start;
  while (index < text.length && isDigit(text.charCodeAt(index))) index += 1;
  return index - start;
}

/** The number the `count` digits at `start` write; the caller has checked they are digits. */
function numberAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) value = value * 10 + (text.charCodeAt(index) - 48);
  return value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
