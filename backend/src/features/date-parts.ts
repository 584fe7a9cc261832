/**
 * Calendar arithmetic on UTC milliseconds since 1970, written as integer arithmetic (Howard
 * Hinnant's civil-date algorithms) rather than through `Date`: it allocates nothing per row, and
 * an ONNX graph can express the same steps with Div, Floor and Mod, so the weekday and month of a
 * date can be computed inside the exported model from the same input.
 */

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date; month 1-12. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** 0 for Monday through 6 for Sunday, in UTC; NaN stays NaN. 1970-01-01 was a Thursday (3). */
export function weekdayCode(ms: number): number {
  const days = Math.floor(ms / DAY_MS);
  return (((days + 3) % 7) + 7) % 7;
}

/** 0 for January through 11 for December, in UTC; NaN stays NaN. */
export function monthCode(ms: number): number {
  const dayOfEpoch = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(dayOfEpoch / 146_097);
  const dayOfEra = dayOfEpoch - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  return shiftedMonth < 10 ? shiftedMonth + 2 : shiftedMonth - 10;
}

/** Fractional days from `ms` to the reference moment: positive for dates before it. */
export function daysBefore(referenceMs: number, ms: number): number {
  return (referenceMs - ms) / DAY_MS;
}
