import type { FeatureMatrix } from '../../features/index.ts';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';

/** The rows a fit uses, as per-row weights over the whole matrix. */
export interface TrainingRows {
  /** 1 or 0 where used; 0 elsewhere (never read there). */
  labels: Float64Array;
  /** Sample weights divided by their sum; 0 for rows not used. */
  normalizedWeights: Float64Array;
  rowCount: number;
  positiveCount: number;
  weightSum: number;
  positiveWeight: number;
}

/**
 * Decides which rows train the model and checks them. A row is used when it is in `rows` (or no
 * rows were given), has a positive weight and a label; unlabeled rows (NaN) are skipped, as they
 * have no outcome to learn from. Used rows must have finite features: the linear model's features
 * are imputed by the feature spec, so a NaN means a tree spec was given to the linear model.
 *
 * Rows are excluded by weight 0 rather than copied out, so a fold or a holdout costs no memory.
 */
export function prepareTrainingRows(matrix: FeatureMatrix, rows?: Int32Array, sampleWeights?: Float64Array): TrainingRows {
  const { rowCount } = matrix;
  if (!matrix.labels) throw new InvalidDataError('The training rows have no labels: the data lacks the target column of the feature spec');
  if (matrix.labels.length < rowCount) throw invalidShape('labels', `${matrix.labels.length} labels for ${rowCount} rows`);
  matrix.columns.forEach((column, j) => {
    if (column.length < rowCount) throw invalidShape(`columns.${j}`, `feature "${matrix.features[j]?.name}" has ${column.length} values for ${rowCount} rows`);
  });
  if (matrix.columns.length !== matrix.features.length) throw invalidShape('columns', `${matrix.columns.length} columns for ${matrix.features.length} features`);
  if (sampleWeights && sampleWeights.length !== rowCount) throw invalidShape('sampleWeights', `${sampleWeights.length} weights for ${rowCount} rows`);

  const weights = new Float64Array(rowCount);
  if (rows) {
    for (const row of rows) {
      if (!(Number.isInteger(row) && row >= 0 && row < rowCount)) throw invalidShape('rows', `row ${row} is not a row of the ${rowCount}-row matrix`);
      weights[row] = 1;
    }
  } else weights.fill(1);

  const labels = new Float64Array(rowCount);
  let used = 0;
  let positiveCount = 0;
  let weightSum = 0;
  let positiveWeight = 0;
  for (let row = 0; row < rowCount; row += 1) {
    if (weights[row] === 0) continue;
    const weight = sampleWeights ? sampleWeights[row]! : 1;
    if (!(Number.isFinite(weight) && weight >= 0)) throw new InvalidDataError(`Sample weight ${weight} at row index ${row} is not a non-negative number`);
    const label = matrix.labels[row]!;
    if (Number.isNaN(label) || weight === 0) {
      weights[row] = 0;
      continue;
    }
    if (label !== 0 && label !== 1) throw new InvalidDataError(`Label ${label} at row index ${row} is neither 1 (positive) nor 0 (negative)`);
    labels[row] = label;
    weights[row] = weight;
    used += 1;
    weightSum += weight;
    if (label === 1) {
      positiveCount += 1;
      positiveWeight += weight;
    }
  }
  if (used === 0) throw new InvalidDataError('There are no labeled rows to train on; every row lacks an outcome or was left out');
  if (positiveCount === 0 || positiveCount === used) {
    const only = positiveCount === 0 ? 'negative' : 'positive';
    throw new InvalidDataError(`All ${used} training rows have a ${only} outcome; a model needs rows of both outcomes to learn what separates them`);
  }
  checkFinite(matrix, weights);

  for (let row = 0; row < rowCount; row += 1) weights[row] = weights[row]! / weightSum;
  return { labels, normalizedWeights: weights, rowCount: used, positiveCount, weightSum, positiveWeight };
}

function checkFinite(matrix: FeatureMatrix, weights: Float64Array): void {
  matrix.columns.forEach((column, j) => {
    for (let row = 0; row < matrix.rowCount; row += 1) {
      if (weights[row] !== 0 && !Number.isFinite(column[row]!)) {
        const name = matrix.features[j]?.name ?? `column ${j}`;
        throw new InvalidDataError(
          `Feature "${name}" is ${String(column[row])} at row index ${row}; the linear model needs every feature imputed (fit the feature spec with modelKind "linear")`,
          { column: name },
        );
      }
    }
  });
}

function invalidShape(field: string, message: string): ValidationError {
  return new ValidationError(`The feature matrix does not fit together: ${message}`, [{ field, message }]);
}
