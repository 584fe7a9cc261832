import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';

/** How many rows of each outcome a set of predictions has, once checked. */
export interface OutcomeCounts {
  positives: number;
  negatives: number;
}

/**
 * Checks predictions before any metric reads them: as many labels as scores, at least one row,
 * every label exactly 1 or 0, and every probability a finite number in [0, 1]. Unlabeled rows
 * (NaN) are refused rather than skipped, because a metric computed on fewer rows than the caller
 * believes is a silent error; `selectLabeled` drops them on purpose.
 *
 * A length mismatch is the caller's bug (ValidationError); everything else is about the data
 * (InvalidDataError), with a message that says what to change.
 */
export function checkPredictions(probabilities: Float64Array, labels: Float64Array, what = 'predictions'): OutcomeCounts {
  return checkScores(probabilities, labels, { what, range: 'probability' });
}

export interface CheckScoresOptions {
  /** Named in messages: "holdout predictions", "validation scores". */
  what: string;
  /** `probability`: finite and in [0, 1]; `raw`: any finite number (log-odds, margins). */
  range: 'probability' | 'raw';
}

export function checkScores(scores: Float64Array, labels: Float64Array, options: CheckScoresOptions): OutcomeCounts {
  const { what, range } = options;
  if (scores.length !== labels.length) {
    throw new ValidationError(`The ${what} have ${scores.length} scores but ${labels.length} labels; they must be the same rows`, [
      { field: 'labels', message: `expected ${scores.length} labels, got ${labels.length}` },
    ]);
  }
  if (scores.length === 0) throw new InvalidDataError(`The ${what} have no rows; at least one labeled row is needed`);
  let positives = 0;
  for (let index = 0; index < scores.length; index += 1) {
    const score = scores[index]!;
    if (!Number.isFinite(score) || (range === 'probability' && (score < 0 || score > 1))) {
      const expected = range === 'probability' ? 'a probability between 0 and 1' : 'a finite number';
      throw new InvalidDataError(`The ${what} have ${String(score)} at index ${index} where ${expected} is needed; the model produced an unusable score`);
    }
    const label = labels[index]!;
    if (label === 1) positives += 1;
    else if (label !== 0) {
      const hint = Number.isNaN(label) ? ' (unlabeled; drop such rows first with selectLabeled)' : '';
      throw new InvalidDataError(`The ${what} have label ${String(label)} at index ${index}${hint}; labels must be 1 (positive) or 0 (negative)`);
    }
  }
  return { positives, negatives: scores.length - positives };
}

/** Also refuses data with a single outcome, which metrics that compare outcomes (AUC, F1) cannot use. */
export function checkBothOutcomes(counts: OutcomeCounts, what: string): void {
  if (counts.positives > 0 && counts.negatives > 0) return;
  const only = counts.positives > 0 ? 'positive' : 'negative';
  throw new InvalidDataError(
    `The ${what} have only ${only} outcomes (${counts.positives + counts.negatives} rows); both outcomes are needed. Use more data or a split that keeps some of each`,
  );
}

/** The rows whose label is known (1 or 0), as new arrays in the same order. */
export function selectLabeled(scores: Float64Array, labels: Float64Array): { scores: Float64Array; labels: Float64Array; rows: Int32Array } {
  if (scores.length !== labels.length) {
    throw new ValidationError(`There are ${scores.length} scores but ${labels.length} labels; they must be the same rows`, [
      { field: 'labels', message: `expected ${scores.length} labels, got ${labels.length}` },
    ]);
  }
  let count = 0;
  for (const label of labels) if (!Number.isNaN(label)) count += 1;
  const rows = new Int32Array(count);
  let next = 0;
  for (let index = 0; index < labels.length; index += 1) if (!Number.isNaN(labels[index]!)) rows[next++] = index;
  return { scores: gather(scores, rows), labels: gather(labels, rows), rows };
}

/** `values[rows[0]], values[rows[1]], ...`: a subset of rows, such as one fold's, as its own array. */
export function gather(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let index = 0; index < rows.length; index += 1) out[index] = values[rows[index]!]!;
  return out;
}
