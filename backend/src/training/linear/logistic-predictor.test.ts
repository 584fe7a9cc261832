import assert from 'node:assert/strict';
import { ValidationError } from '../../errors.ts';
import { fitLogisticRegression } from './fit-logistic-regression.ts';
import { sigmoid } from './logistic-functions.ts';
import { compileLogisticModel } from './logistic-predictor.ts';
import type { LogisticRegressionModel } from './logistic-regression-model.ts';
import { matrixOf, plantedMatrix } from './test-support/generated-matrix.ts';

const rowOf = (columns: Float64Array[], row: number): Float64Array => Float64Array.from(columns, (column) => column[row]!);

describe('compileLogisticModel', () => {
  const matrix = plantedMatrix(4000, 11);
  let model: LogisticRegressionModel;
  before(async () => {
    model = await fitLogisticRegression(matrix, { l2: 1e-3 });
  });

  it('should split every raw output into contributions that add up to it with the intercept', () => {
    const predictor = compileLogisticModel(model, matrix.features);
    const raw = predictor.predictRaw(matrix);
    for (let row = 0; row < matrix.rowCount; row += 1) {
      const parts = predictor.contributionsAt(matrix, row);
      const sum = parts.values.reduce((total, value) => total + value, parts.base);
      assert.ok(Math.abs(sum - raw[row]!) <= 1e-9, `row ${row}: ${sum} vs ${raw[row]}`);
      assert.equal(parts.raw, raw[row]);
      assert.equal(parts.base, model.intercept);
      parts.values.forEach((value, j) => assert.equal(value, model.coefficients[j]!.coefficient * matrix.columns[j]![row]!));
    }
  });

  it('should score a single row exactly as the same row in a matrix', () => {
    const predictor = compileLogisticModel(model, matrix.features);
    const raw = predictor.predictRaw(matrix);
    const probabilities = predictor.predictProbability(matrix);
    for (const row of [0, 1, 17, 3999]) {
      const values = rowOf(matrix.columns, row);
      assert.equal(predictor.predictRawRow(values), raw[row]);
      assert.equal(predictor.predictProbabilityRow(values), probabilities[row]);
      assert.equal(probabilities[row], sigmoid(raw[row]!));
      assert.deepEqual(predictor.contributions(values), predictor.contributionsAt(matrix, row));
    }
  });

  it('should survive a JSON round trip and match coefficients by name, whatever their order in the JSON', () => {
    const stored = JSON.parse(JSON.stringify(model)) as LogisticRegressionModel;
    const reversed = { ...stored, coefficients: [...stored.coefficients].reverse() };
    const original = compileLogisticModel(model, matrix.features).predictRaw(matrix);
    assert.deepEqual(compileLogisticModel(stored, matrix.features).predictRaw(matrix), original);
    assert.deepEqual(compileLogisticModel(reversed, matrix.features).predictRaw(matrix), original);
  });

  it('should give a NaN score for a NaN value instead of failing the batch', () => {
    const predictor = compileLogisticModel(model, matrix.features);
    const values = rowOf(matrix.columns, 0);
    values[2] = Number.NaN;
    assert.ok(Number.isNaN(predictor.predictProbabilityRow(values)));
  });

  it('should refuse features that are not the model features, rows of the wrong length and bad model JSON', () => {
    const other = matrixOf({ x0: [1], y: [2] }, null);
    assert.throws(() => compileLogisticModel(model, other.features), { name: 'ValidationError', message: /features differ/ });
    const predictor = compileLogisticModel(model, matrix.features);
    assert.throws(() => predictor.predictRawRow([1, 2]), ValidationError);
    assert.throws(() => predictor.predictRaw({ ...matrix, features: [...matrix.features].reverse() }), ValidationError);
    assert.throws(() => predictor.contributionsAt(matrix, matrix.rowCount), ValidationError);
    assert.throws(() => compileLogisticModel({ ...model, intercept: Number.NaN }, matrix.features), { name: 'ValidationError', message: /model\.intercept/ });
    const duplicated = { ...model, coefficients: [...model.coefficients, model.coefficients[0]!] };
    assert.throws(() => compileLogisticModel(duplicated, matrix.features), { name: 'ValidationError', message: /appears twice/ });
  });
});
