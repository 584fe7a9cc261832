import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { stratifiedKFold, timeHoldoutSplit } from '../evaluation/index.ts';

/** Share of the labeled rows held out to judge and choose the models, as Dynamics 365 does. */
export const HOLDOUT_SHARE = 0.2;
/** 1 / HOLDOUT_SHARE folds, the first of which is the stratified holdout. */
const HOLDOUT_FOLDS = 5;
/** A stratified 10% of the training rows watches early stopping and fits the calibrators (HistGradientBoosting's share). */
const VALIDATION_FOLDS = 10;
/**
 * Fewest rows of either outcome among the training rows (holdout excluded). Below this the 10%
 * validation slice has a handful of each outcome, too few to stop early or to calibrate on.
 */
export const MIN_TRAINING_ROWS_PER_OUTCOME = 40;

export const SPLIT_KINDS = Object.freeze({ time: 'time', stratified: 'stratified' } as const);
export type SplitKind = (typeof SPLIT_KINDS)[keyof typeof SPLIT_KINDS];

export interface PartCounts {
  rows: number;
  positives: number;
  negatives: number;
}

export interface SplitSummary {
  kind: SplitKind;
  /** Why this kind, in a sentence for the run page. */
  reason: string;
  dateColumn: string | null;
  /** With a time split, the earliest holdout date (ISO); null otherwise. */
  holdoutFrom: string | null;
  seed: number;
  /** Rows the models are fitted on. */
  fit: PartCounts;
  /** Early stopping and calibration. */
  validation: PartCounts;
  holdout: PartCounts;
  /** Rows without an outcome, in no part. */
  unlabeled: number;
}

/** Row indices of the table (ascending) in each part. */
export interface RowSplit {
  fit: Int32Array;
  validation: Int32Array;
  holdout: Int32Array;
  summary: SplitSummary;
}

export interface SplitRowsOptions {
  seed: number;
  /** Dates (epoch ms, NaN missing) of the date column, for a time-based holdout. */
  dates?: Float64Array | null;
  dateColumn?: string | null;
}

/**
 * Splits the labeled rows into fit, validation and holdout rows:
 * - holdout: the latest 20% by the date column when one is given, the holdout has both outcomes
 *   and the older rows keep enough of each; otherwise a stratified 20% (seeded);
 * - validation: a stratified 10% of the remaining (training) rows, seeded with `seed + 1`;
 * - fit: the rest.
 * Fails with InvalidDataError when an outcome is absent or too rare to train on.
 */
export function splitRows(labels: Float64Array, options: SplitRowsOptions): RowSplit {
  const { seed } = options;
  const all = countLabels(labels);
  if (all.positives === 0 || all.negatives === 0) {
    throw new InvalidDataError(
      `The target has only ${all.positives === 0 ? 'negative' : 'positive'} outcomes (${all.positives} positive, ${all.negatives} negative rows); a model needs rows of both. Include rows with the other outcome, or choose another target or positive value`,
    );
  }
  const needed = Math.ceil(MIN_TRAINING_ROWS_PER_OUTCOME / (1 - HOLDOUT_SHARE));
  if (all.positives < needed || all.negatives < needed) {
    throw new InvalidDataError(tooFewMessage(all.positives, all.negatives, `in all (about ${needed} of each are needed so that ${MIN_TRAINING_ROWS_PER_OUTCOME} remain for training after the 20% holdout)`));
  }

  const holdout = chooseHoldout(labels, options);
  const training = Float64Array.from(labels);
  for (const row of holdout.rows) training[row] = Number.NaN;
  const trainingCounts = countLabels(training);
  if (trainingCounts.positives < MIN_TRAINING_ROWS_PER_OUTCOME || trainingCounts.negatives < MIN_TRAINING_ROWS_PER_OUTCOME) {
    throw new InvalidDataError(tooFewMessage(trainingCounts.positives, trainingCounts.negatives, 'for training once the holdout is set aside'));
  }
  const slice = stratifiedKFold(training, { folds: VALIDATION_FOLDS, seed: seed + 1 })[0]!;
  const summary: SplitSummary = {
    kind: holdout.kind,
    reason: holdout.reason,
    dateColumn: holdout.kind === SPLIT_KINDS.time ? (options.dateColumn ?? null) : null,
    holdoutFrom: holdout.cutoffMs === null ? null : new Date(holdout.cutoffMs).toISOString(),
    seed,
    fit: partCounts(labels, slice.train),
    validation: partCounts(labels, slice.validation),
    holdout: partCounts(labels, holdout.rows),
    unlabeled: labels.length - all.positives - all.negatives,
  };
  return { fit: slice.train, validation: slice.validation, holdout: holdout.rows, summary };
}

interface ChosenHoldout {
  rows: Int32Array;
  kind: SplitKind;
  reason: string;
  cutoffMs: number | null;
}

function chooseHoldout(labels: Float64Array, options: SplitRowsOptions): ChosenHoldout {
  const stratified = (reason: string): ChosenHoldout => ({
    rows: stratifiedKFold(labels, { folds: HOLDOUT_FOLDS, seed: options.seed })[0]!.validation,
    kind: SPLIT_KINDS.stratified,
    reason,
    cutoffMs: null,
  });
  const dates = options.dates ?? null;
  const column = options.dateColumn ?? null;
  if (dates === null || column === null) return stratified('stratified 20% holdout: no date column was given');

  let split;
  try {
    split = timeHoldoutSplit(dates, { holdoutShare: HOLDOUT_SHARE, labels });
  } catch (error) {
    if (!(error instanceof InvalidDataError)) throw error;
    return stratified(`stratified 20% holdout: the date column "${column}" cannot give a time-based one (${error.message})`);
  }
  const holdoutPositives = split.holdoutPositives ?? 0;
  const holdoutNegatives = split.holdoutNegatives ?? 0;
  if (holdoutPositives === 0 || holdoutNegatives === 0) {
    return stratified(`stratified 20% holdout: the latest 20% by "${column}" has ${holdoutPositives} positive and ${holdoutNegatives} negative rows, and judging a model needs both`);
  }
  const training = countLabels(labels, split.train);
  if (training.positives < MIN_TRAINING_ROWS_PER_OUTCOME || training.negatives < MIN_TRAINING_ROWS_PER_OUTCOME) {
    return stratified(
      `stratified 20% holdout: the rows before the latest 20% by "${column}" have ${training.positives} positive and ${training.negatives} negative rows, fewer than ${MIN_TRAINING_ROWS_PER_OUTCOME} of each`,
    );
  }
  return {
    rows: split.holdout,
    kind: SPLIT_KINDS.time,
    reason: `time-based holdout: the latest 20% of the dated rows by "${column}"${split.missingDateCount > 0 ? ` (${split.missingDateCount} undated rows train)` : ''}`,
    cutoffMs: split.cutoffMs,
  };
}

function tooFewMessage(positives: number, negatives: number, where: string): string {
  return `Too few rows to train on: ${positives} positive and ${negatives} negative labeled rows ${where}; at least ${MIN_TRAINING_ROWS_PER_OUTCOME} of each outcome must remain for training. Add more rows (of the rarer outcome above all), or choose a target whose outcomes are both common`;
}

function countLabels(labels: Float64Array, rows?: Int32Array): { positives: number; negatives: number } {
  let positives = 0;
  let negatives = 0;
  const count = (label: number): void => {
    if (label === 1) positives += 1;
    else if (label === 0) negatives += 1;
  };
  if (rows) for (const row of rows) count(labels[row]!);
  else for (const label of labels) count(label);
  return { positives, negatives };
}

function partCounts(labels: Float64Array, rows: Int32Array): PartCounts {
  const { positives, negatives } = countLabels(labels, rows);
  return { rows: rows.length, positives, negatives };
}
