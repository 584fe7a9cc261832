import type { FeatureMatrix } from '../../features/index.ts';
import { ValidationError } from '../../errors.ts';
import { sigmoid } from './logistic-functions.ts';
import { parseLogisticRegressionModel, type LogisticRegressionModel } from './logistic-regression-model.ts';

/** A record's raw output split into parts: `base + sum(values) === raw`. */
export interface LinearContributions {
  /** The intercept: the raw output of a record whose features are all 0. */
  base: number;
  /** coefficient x value per feature, in the predictor's feature order. */
  values: Float64Array;
  raw: number;
}

export interface LogisticPredictor {
  readonly model: LogisticRegressionModel;
  /** The feature names in the order rows and matrices are read: the transformer's output order. */
  readonly featureNames: readonly string[];
  /** Raw outputs (log-odds) of every row. */
  predictRaw(matrix: FeatureMatrix): Float64Array;
  predictProbability(matrix: FeatureMatrix): Float64Array;
  /** One row's values in `featureNames` order, such as `transformRecord(...).values`. */
  predictRawRow(values: ArrayLike<number>): number;
  predictProbabilityRow(values: ArrayLike<number>): number;
  contributions(values: ArrayLike<number>): LinearContributions;
  contributionsAt(matrix: FeatureMatrix, row: number): LinearContributions;
}

/**
 * Prepares a model for scoring rows that come in the order of `features` (a transformer's or a
 * matrix's output features). The model's coefficients are matched by name, so a model whose JSON
 * lists them in another order still scores correctly; the two sets of names must be the same.
 *
 * The raw output is summed in exactly the order the contributions are listed, starting from the
 * intercept, so `base + values[0] + values[1] + ...` reproduces `raw` bit for bit.
 *
 * A NaN feature value gives a NaN score rather than an exception: scoring must never fail a whole
 * file for one bad row, and the caller turns NaN into an empty score with a reason.
 */
export function compileLogisticModel(model: LogisticRegressionModel, features: readonly { name: string }[]): LogisticPredictor {
  const parsed = parseLogisticRegressionModel(model);
  const featureNames = Object.freeze(features.map((feature) => feature.name));
  const coefficientByName = new Map(parsed.coefficients.map(({ feature, coefficient }) => [feature, coefficient]));
  const missing = featureNames.filter((name) => !coefficientByName.has(name));
  const names = new Set(featureNames);
  const unused = parsed.coefficients.filter(({ feature }) => !names.has(feature)).map(({ feature }) => feature);
  if (missing.length > 0 || unused.length > 0 || names.size !== featureNames.length) {
    const details = [
      ...missing.map((name) => ({ field: `features.${name}`, message: 'the model has no coefficient for this feature' })),
      ...unused.map((name) => ({ field: `coefficients.${name}`, message: 'the features do not include this one' })),
    ];
    throw new ValidationError(
      `The model's features and the data's features differ (${missing.length} without a coefficient, ${unused.length} not in the data); score with the feature spec the model was trained with`,
      details.length > 0 ? details : [{ field: 'features', message: 'a feature name appears twice' }],
    );
  }
  const coefficients = Float64Array.from(featureNames, (name) => coefficientByName.get(name)!);
  const intercept = parsed.intercept;

  const checkMatrix = (matrix: FeatureMatrix): void => {
    const same = matrix.features.length === featureNames.length && matrix.features.every((feature, j) => feature.name === featureNames[j]);
    if (!same) {
      throw new ValidationError('The matrix has other features, or another order, than the predictor was compiled for', [{ field: 'matrix.features', message: 'compile the model for these features' }]);
    }
  };
  const checkRow = (values: ArrayLike<number>): void => {
    if (values.length !== featureNames.length) {
      throw new ValidationError(`A row has ${values.length} values but the model has ${featureNames.length} features`, [{ field: 'values', message: `expected ${featureNames.length} values` }]);
    }
  };
  const rawRow = (values: ArrayLike<number>): number => {
    let raw = intercept;
    for (let j = 0; j < coefficients.length; j += 1) raw += coefficients[j]! * values[j]!;
    return raw;
  };
  const contributionsOf = (valueAt: (j: number) => number): LinearContributions => {
    const values = new Float64Array(coefficients.length);
    let raw = intercept;
    for (let j = 0; j < coefficients.length; j += 1) {
      values[j] = coefficients[j]! * valueAt(j);
      raw += values[j]!;
    }
    return { base: intercept, values, raw };
  };

  const predictRaw = (matrix: FeatureMatrix): Float64Array => {
    checkMatrix(matrix);
    const out = new Float64Array(matrix.rowCount).fill(intercept);
    // Column by column, each row's sum still runs intercept, feature 0, feature 1, ... as in rawRow.
    for (let j = 0; j < coefficients.length; j += 1) {
      const coefficient = coefficients[j]!;
      const column = matrix.columns[j]!;
      for (let row = 0; row < matrix.rowCount; row += 1) out[row] = out[row]! + coefficient * column[row]!;
    }
    return out;
  };

  return Object.freeze({
    model: parsed,
    featureNames,
    predictRaw,
    predictProbability(matrix: FeatureMatrix): Float64Array {
      const raw = predictRaw(matrix);
      for (let row = 0; row < raw.length; row += 1) raw[row] = sigmoid(raw[row]!);
      return raw;
    },
    predictRawRow(values: ArrayLike<number>): number {
      checkRow(values);
      return rawRow(values);
    },
    predictProbabilityRow(values: ArrayLike<number>): number {
      checkRow(values);
      return sigmoid(rawRow(values));
    },
    contributions(values: ArrayLike<number>): LinearContributions {
      checkRow(values);
      return contributionsOf((j) => values[j]!);
    },
    contributionsAt(matrix: FeatureMatrix, row: number): LinearContributions {
      checkMatrix(matrix);
      if (!(Number.isInteger(row) && row >= 0 && row < matrix.rowCount)) {
        throw new ValidationError(`Row ${row} is not a row of the ${matrix.rowCount}-row matrix`, [{ field: 'row', message: `0 to ${matrix.rowCount - 1}` }]);
      }
      return contributionsOf((j) => matrix.columns[j]![row]!);
    },
  });
}
