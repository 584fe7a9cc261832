import { DATE_KINDS, type DateKind } from './date-formats.ts';

const MS_PER_DAY = 86_400_000;
const SECONDS_PER_DAY = 86_400;
/** 9999-12-31, the last day Excel can show. */
const LAST_SERIAL = 2_958_465;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * Turns an Excel date serial into ISO 8601 text: "2023-07-16", "2023-07-16T08:30:00" or
 * "08:30:00" by the kind the cell's format shows. The time is rounded to the second, as Excel
 * shows it unless the format asks for fractions. Returns undefined for serials that are no date
 * Excel could show (negative or past 9999), which then stay numbers.
 *
 * The 1900 date system counts 1900-02-29, a day that did not exist (Lotus 1-2-3 thought 1900 a leap
 * year, and Excel kept the error for compatibility): serials before it are one day off the epoch
 * used for all later ones, and serial 60 itself is shown as 1900-02-28.
 */
export function excelSerialToIso(serial: number, kind: DateKind, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial >= LAST_SERIAL + 1) return undefined;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * SECONDS_PER_DAY);
  if (seconds === SECONDS_PER_DAY) {
    days += 1;
    seconds = 0;
  }
  const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  if (kind === DATE_KINDS.time) return time;
  let epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
  if (!date1904 && days < 61) {
    epoch += MS_PER_DAY;
    if (days === 60) days = 59;
  }
  const date = new Date(epoch + days * MS_PER_DAY).toISOString().slice(0, 10);
  return kind === DATE_KINDS.date ? date : `${date}T${time}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
