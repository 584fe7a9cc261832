import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { shuffleInPlace } from './seeded-shuffle.ts';

export interface StratifiedKFoldOptions {
  /** Default 5. */
  folds?: number;
  /** The same seed gives the same folds. */
  seed: number;
}

/** One round of k-fold validation: train on `train`, measure on `validation`. Row indices ascending. */
export interface Fold {
  fold: number;
  train: Int32Array;
  validation: Int32Array;
  validationPositives: number;
  validationNegatives: number;
}

const POSITIVE_STREAM = 1;
const NEGATIVE_STREAM = 2;

/**
 * Splits the labeled rows into k folds that each hold the same share of positives as the whole
 * (within one row). Positives and negatives are shuffled separately with the seed and dealt out in
 * turn; the negatives continue where the positives stopped, so fold sizes differ by at most one
 * row as well. Unlabeled rows (NaN) are in no fold, neither for training nor for validation.
 */
export function stratifiedKFold(labels: Float64Array, options: StratifiedKFoldOptions): Fold[] {
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2) {
    throw new ValidationError(`k-fold needs at least 2 folds, not ${folds}`, [{ field: 'folds', message: 'a whole number of at least 2' }]);
  }
  if (!Number.isFinite(options.seed)) throw new ValidationError('The seed must be a number', [{ field: 'seed', message: 'a finite number' }]);

  const positives: number[] = [];
  const negatives: number[] = [];
  labels.forEach((label, row) => {
    if (label === 1) positives.push(row);
    else if (label === 0) negatives.push(row);
    else if (!Number.isNaN(label)) throw new InvalidDataError(`Label ${label} at index ${row} is neither 1 (positive), 0 (negative) nor NaN (unlabeled)`);
  });
  for (const [name, rows] of [['positive', positives], ['negative', negatives]] as const) {
    if (rows.length < folds) {
      throw new InvalidDataError(`${folds}-fold validation needs at least ${folds} ${name} rows, one per fold, but there are ${rows.length}; use fewer folds or more data`);
    }
  }

  const foldOf = new Int32Array(labels.length).fill(-1);
  let next = 0;
  for (const [rows, stream] of [[positives, POSITIVE_STREAM], [negatives, NEGATIVE_STREAM]] as const) {
    for (const row of shuffleInPlace(Int32Array.from(rows), options.seed, stream)) {
      foldOf[row] = next;
      next = (next + 1) % folds;
    }
  }

  return Array.from({ length: folds }, (_, fold) => {
    const train: number[] = [];
    const validation: number[] = [];
    let validationPositives = 0;
    foldOf.forEach((assigned, row) => {
      if (assigned === -1) return;
      if (assigned === fold) {
        validation.push(row);
        if (labels[row] === 1) validationPositives += 1;
      } else train.push(row);
    });
    return { fold, train: Int32Array.from(train), validation: Int32Array.from(validation), validationPositives, validationNegatives: validation.length - validationPositives };
  });
}
