import { ValidationError } from '../errors.ts';
import { parseDateText } from './date-text.ts';

/**
 * The moment `daysSince` counts from, as a canonical UTC ISO string, or null when there is none.
 * The spec's own value wins (an analyst pinned it); otherwise the caller's, normally the dataset
 * snapshot's time. Never the current time: a model trained on "days since created" as of the
 * snapshot would otherwise see different numbers for the same record every day it is scored.
 */
export function resolveReferenceDate(fromSpec: string | undefined, fromCaller: string | Date | undefined): string | null {
  const value = fromSpec ?? fromCaller;
  if (value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : parseDateText(value.trim(), false);
  if (Number.isNaN(ms)) {
    throw new ValidationError(`Invalid reference date ${JSON.stringify(String(value))}`, [
      { field: fromSpec === undefined ? 'referenceDate' : 'spec.referenceDate', message: 'Give an ISO 8601 date-time such as 2024-03-31T00:00:00Z' },
    ]);
  }
  return new Date(ms).toISOString();
}

/** UTC milliseconds of a resolved reference date; NaN when there is none. */
export function referenceDateMs(referenceDate: string | null): number {
  return referenceDate === null ? Number.NaN : parseDateText(referenceDate, false);
}
