/**
 * Datetimes as Salesforce's REST API writes them: UTC with milliseconds and a `+0000` offset
 * (`2024-05-01T09:30:00.000+0000`). The stand-in stores every datetime in this form, so values in
 * UTC compare correctly as plain strings and the modstamp index can sort without parsing.
 */

const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function formatSalesforceDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** Milliseconds since the epoch of an ISO 8601 datetime with an optional offset (UTC when absent). */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME_PATTERN.exec(text);
  if (!match) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const offset = zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const milliseconds = fraction ? fraction.slice(0, 4).padEnd(4, '0') : '.000';
  const epochMs = Date.parse(`${date}T${time}${milliseconds}${offset}`);
  return Number.isNaN(epochMs) ? undefined : epochMs;
}

/** A datetime in Salesforce's stored form, or undefined when the text is not a datetime. */
export function normalizeDateTime(text: string): string | undefined {
  const epochMs = parseDateTime(text);
  return epochMs === undefined ? undefined : formatSalesforceDateTime(epochMs);
}

export function isDate(text: string): boolean {
  return DATE_PATTERN.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** Salesforce keeps record timestamps to the second; milliseconds are always `.000`. */
export function truncateToSecond(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}

export function truncateToMinute(epochMs: number): number {
  return Math.floor(epochMs / 60_000) * 60_000;
}

/** Bulk API CSV writes datetimes with a `Z` instead of REST's `+0000`. */
export function toBulkDateTime(stored: string): string {
  return stored.endsWith('+0000') ? `${stored.slice(0, -5)}Z` : stored;
}
