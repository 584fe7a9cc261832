/**
 * Dates as Salesforce's REST API writes them in JSON: datetimes as `2026-03-04T10:15:22.000+0000`
 * (always UTC, offset without a colon) and dates as `2026-03-04`.
 *
 * Formatting is on the generator's hot path (three dates per record, millions of records), and
 * Date#toISOString plus slicing allocates several strings each time. Generated dates fall on a few
 * hundred days and whole seconds, so the day and time-of-day parts are formatted once and reused.
 */

export const MS_PER_DAY = 86_400_000;
const SECONDS_PER_DAY = 86_400;
const MAX_CACHED_DAYS = 20_000;

const dayTexts = new Map<number, string>();
const timeTexts: (string | undefined)[] = new Array(SECONDS_PER_DAY);

function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (dayTexts.size < MAX_CACHED_DAYS) dayTexts.set(day, text);
  }
  return text;
}

const TWO_DIGITS = Object.freeze(Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0')));

function timeText(secondOfDay: number): string {
  let text = timeTexts[secondOfDay];
  if (text === undefined) {
    const hours = Math.floor(secondOfDay / 3600);
    const minutes = Math.floor(secondOfDay / 60) % 60;
    text = `T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[secondOfDay % 60]}.000+0000`;
    timeTexts[secondOfDay] = text;
  }
  return text;
}

export function salesforceDateTime(epochMs: number): string {
  if (epochMs % 1000 !== 0) return new Date(epochMs).toISOString().slice(0, 23) + '+0000';
  const day = Math.floor(epochMs / MS_PER_DAY);
  return dayText(day) + timeText((epochMs - day * MS_PER_DAY) / 1000);
}

export function salesforceDate(epochMs: number): string {
  return dayText(Math.floor(epochMs / MS_PER_DAY));
}

export function parseSalesforceDateTime(text: string): number {
  return Date.parse(text.replace('+0000', 'Z'));
}
