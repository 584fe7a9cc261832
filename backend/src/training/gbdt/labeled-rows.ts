import type { FeatureMatrix } from '../../features/index.ts';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';

/** Codes index lookup tables, so they are bounded; no vocabulary comes near this. */
export const MAX_CATEGORY_CODE = 1 << 24;

/** The rows of a matrix that can be trained or validated on: those with a label of 1 or 0. */
export interface LabeledRows {
  /** Positions in the matrix, in the order they were given (ascending by default). */
  rows: Uint32Array;
  /** 1 or 0, aligned with `rows`. */
  labels: Float64Array;
  positives: number;
  /** Rows (of those considered) left out because their label was missing (NaN). */
  unlabeledCount: number;
}

/**
 * Checks a matrix before anything is computed from it and keeps its labeled rows. Rows without a
 * label are dropped rather than refused: the feature transform writes NaN for a missing target,
 * and an unlabeled row simply has nothing to teach. Everything else that would make training
 * meaningless fails here with a message that says what to change.
 */
export function labeledRows(matrix: FeatureMatrix, role: 'training' | 'validation', subset?: Int32Array): LabeledRows {
  assertMatrixShape(matrix, role);
  const candidates = subset ?? null;
  const candidateCount = candidates ? candidates.length : matrix.rowCount;
  if (candidates) assertSubset(candidates, matrix.rowCount, role);
  if (candidateCount === 0) throw new InvalidDataError(`The ${role} data has no rows; a model needs labeled rows of both outcomes`);
  const labels = matrix.labels;
  if (!labels) throw new InvalidDataError(`The ${role} data has no target column, so there is nothing to learn from; choose a target column`);

  let labeledCount = 0;
  for (let index = 0; index < candidateCount; index++) {
    const row = candidates ? candidates[index]! : index;
    const label = labels[row]!;
    if (label === 1 || label === 0) labeledCount++;
    else if (!Number.isNaN(label)) {
      throw new InvalidDataError(`The ${role} label ${label} is neither 1 (positive), 0 (negative) nor missing`, { row: row + 1 });
    }
  }
  if (labeledCount === 0) {
    throw new InvalidDataError(`None of the ${candidateCount} ${role} rows has a target value; fill in the outcome or choose another target`);
  }

  const rows = new Uint32Array(labeledCount);
  const kept = new Float64Array(labeledCount);
  let positives = 0;
  let next = 0;
  for (let index = 0; index < candidateCount; index++) {
    const row = candidates ? candidates[index]! : index;
    const label = labels[row]!;
    if (label !== 1 && label !== 0) continue;
    rows[next] = row;
    kept[next] = label;
    positives += label;
    next++;
  }
  if (role === 'training' && (positives === 0 || positives === labeledCount)) {
    const outcome = positives === 0 ? 'negative' : 'positive';
    throw new InvalidDataError(
      `All ${labeledCount} labeled training rows are ${outcome}; a model needs rows of both outcomes. Check which target values count as positive, or add rows of the other outcome`,
    );
  }
  assertCategoryCodes(matrix, rows, role);
  return { rows, labels: kept, positives, unlabeledCount: candidateCount - labeledCount };
}

/** Row lists come from splitters (k-fold, time holdout); one pointing outside the matrix is a bug upstream. */
function assertSubset(subset: Int32Array, rowCount: number, role: string): void {
  for (const row of subset) {
    if (row < 0 || row >= rowCount) throw new InvalidDataError(`The ${role} rows include row index ${row}, outside the matrix's ${rowCount} rows`);
  }
}

function assertMatrixShape(matrix: FeatureMatrix, role: string): void {
  if (matrix.features.length === 0) throw new InvalidDataError(`The ${role} data has no feature columns to learn from`);
  if (matrix.columns.length !== matrix.features.length) {
    throw new InvalidDataError(`The ${role} matrix has ${matrix.columns.length} columns for ${matrix.features.length} features`);
  }
  matrix.columns.forEach((column, index) => {
    if (column.length < matrix.rowCount) {
      throw new InvalidDataError(`The ${role} column has ${column.length} values for ${matrix.rowCount} rows`, { column: matrix.features[index]!.name });
    }
  });
  if (matrix.labels && matrix.labels.length < matrix.rowCount) {
    throw new InvalidDataError(`The ${role} labels have ${matrix.labels.length} values for ${matrix.rowCount} rows`);
  }
}

/**
 * Categorical columns must hold integer codes; a negative or fractional code means the matrix was
 * not written by the feature transform, and guessing what it stands for would train nonsense.
 * Infinity counts as missing everywhere, like NaN.
 */
function assertCategoryCodes(matrix: FeatureMatrix, rows: Uint32Array, role: string): void {
  matrix.features.forEach((feature, index) => {
    if (feature.kind !== 'categorical') return;
    const column = matrix.columns[index]!;
    for (const row of rows) {
      const code = column[row]!;
      if (!Number.isFinite(code)) continue;
      if (code < 0 || !Number.isInteger(code) || code >= MAX_CATEGORY_CODE) {
        throw new InvalidDataError(`The ${role} category code ${code} is not a whole number from 0 to ${MAX_CATEGORY_CODE - 1}; categorical features hold codes 0, 1, 2, … or NaN for missing`, {
          row: row + 1,
          column: feature.name,
        });
      }
    }
  });
}
