import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';

export interface TimeHoldoutOptions {
  /** Share of the dated rows to hold out, the most recent ones. Default 0.2, as Dynamics 365 does. */
  holdoutShare?: number;
  /** When given, rows with a NaN label (no outcome yet) are left out of both sides. */
  labels?: Float64Array;
}

export interface TimeHoldoutSplit {
  /** Older rows and rows without a date, ascending row indices. */
  train: Int32Array;
  /** Rows dated at or after `cutoffMs`, ascending row indices. */
  holdout: Int32Array;
  /** The earliest date in the holdout (epoch ms): the holdout is "everything from this moment on". */
  cutoffMs: number;
  /** Rows whose date is missing (NaN or not finite); they are all in `train`. */
  missingDateCount: number;
  /** Rows left out because their label is NaN (0 without `labels`). */
  unlabeledCount: number;
  /** Outcome counts of the holdout when `labels` were given, so the caller can see a one-outcome holdout before evaluating it. */
  holdoutPositives: number | null;
  holdoutNegatives: number | null;
}

/**
 * Holds out the most recent records, as a model is used: trained on the past, judged on what came
 * after. `dates` are epoch milliseconds, NaN where missing.
 *
 * Rows without a date go to training, never to the holdout: the holdout must be records we know
 * to be the latest, and an undated row could be of any age. The share is taken of the dated rows.
 *
 * Rows with the same date are never split between the two sides, so the result does not depend on
 * row order and needs no seed; when the cutoff falls inside a run of equal dates, the run goes to
 * whichever side leaves the holdout closer to the asked share (to the holdout on an exact tie).
 */
export function timeHoldoutSplit(dates: Float64Array, options: TimeHoldoutOptions = {}): TimeHoldoutSplit {
  const share = options.holdoutShare ?? 0.2;
  if (!(share > 0 && share < 1)) {
    throw new ValidationError(`The holdout share must be between 0 and 1 (exclusive), not ${share}`, [{ field: 'holdoutShare', message: 'a number between 0 and 1' }]);
  }
  const labels = options.labels;
  if (labels && labels.length !== dates.length) {
    throw new ValidationError(`There are ${dates.length} dates but ${labels.length} labels; they must be the same rows`, [
      { field: 'labels', message: `expected ${dates.length} labels, got ${labels.length}` },
    ]);
  }

  const used = (row: number): boolean => !labels || !Number.isNaN(labels[row]!);
  let unlabeledCount = 0;
  let missingDateCount = 0;
  const datedValues: number[] = [];
  for (let row = 0; row < dates.length; row += 1) {
    if (!used(row)) unlabeledCount += 1;
    else if (!Number.isFinite(dates[row]!)) missingDateCount += 1;
    else datedValues.push(dates[row]!);
  }
  if (datedValues.length < 2) {
    throw new InvalidDataError(`A time-based holdout needs dated rows, but ${datedValues.length} labeled row(s) have a date; use k-fold validation instead`);
  }

  const sorted = Float64Array.from(datedValues).sort();
  const wanted = Math.max(1, Math.round(share * sorted.length));
  const boundary = sorted[sorted.length - wanted]!;
  const withRun = sorted.length - lowerBound(sorted, boundary);
  const withoutRun = sorted.length - upperBound(sorted, boundary);
  let cutoffMs = boundary;
  if (withoutRun > 0 && wanted - withoutRun < withRun - wanted) cutoffMs = sorted[upperBound(sorted, boundary)]!;
  if (cutoffMs === sorted[0]) {
    throw new InvalidDataError(`Every dated row has the same date, so none is more recent than another; use k-fold validation instead`);
  }

  const train: number[] = [];
  const holdout: number[] = [];
  let holdoutPositives = 0;
  for (let row = 0; row < dates.length; row += 1) {
    if (!used(row)) continue;
    const date = dates[row]!;
    if (Number.isFinite(date) && date >= cutoffMs) {
      holdout.push(row);
      if (labels && labels[row] === 1) holdoutPositives += 1;
    } else train.push(row);
  }
  return {
    train: Int32Array.from(train),
    holdout: Int32Array.from(holdout),
    cutoffMs,
    missingDateCount,
    unlabeledCount,
    holdoutPositives: labels ? holdoutPositives : null,
    holdoutNegatives: labels ? holdout.length - holdoutPositives : null,
  };
}

/** First index whose value is >= `value` in an ascending array. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First index whose value is > `value` in an ascending array. */
function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
