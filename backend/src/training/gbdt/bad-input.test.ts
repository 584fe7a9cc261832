import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { predictRaw, predictRow } from './predict.ts';
import { featureMatrix, splitRows } from './test-support/feature-matrices.ts';
import { plantedData } from './test-support/planted-data.ts';
import { trainGbdt } from './train-gbdt.ts';

function rejectsWith(message: RegExp, errorClass: typeof InvalidDataError | typeof ValidationError = InvalidDataError) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof errorClass, `expected a ${errorClass.name}, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  };
}

function numericMatrix(values: number[], labels: number[] | null) {
  return featureMatrix([{ name: 'x', kind: 'numeric', values: Float64Array.from(values) }], labels ? Float64Array.from(labels) : null);
}

describe('gradient-boosted trees and bad input', function () {
  this.timeout(30_000);

  it('should refuse labels of one class, saying which and what to change', async () => {
    await assert.rejects(trainGbdt(numericMatrix([1, 2, 3, 4], [1, 1, 1, 1])), rejectsWith(/All 4 labeled training rows are positive; a model needs rows of both outcomes/));
    await assert.rejects(trainGbdt(numericMatrix([1, 2, 3], [0, 0, Number.NaN])), rejectsWith(/All 2 labeled training rows are negative/));
  });

  it('should refuse zero rows, no target, and no labeled rows', async () => {
    await assert.rejects(trainGbdt(numericMatrix([], [])), rejectsWith(/The training data has no rows/));
    await assert.rejects(trainGbdt(numericMatrix([1, 2], null)), rejectsWith(/no target column/));
    await assert.rejects(trainGbdt(numericMatrix([1, 2], [Number.NaN, Number.NaN])), rejectsWith(/None of the 2 training rows has a target value/));
  });

  it('should drop rows whose label is missing and count them', async () => {
    const { matrix } = plantedData(2_000, 1);
    const labels = matrix.labels!.slice();
    for (let row = 0; row < 2_000; row += 10) labels[row] = Number.NaN;
    const result = await trainGbdt({ ...matrix, labels }, { params: { rounds: 5 } });
    assert.equal(result.unlabeledRowCount, 200);
    assert.equal(result.trainRowCount, 1_800);
    assert.equal(result.model.trees[0]!.nodes[0]!.samples, 1_800);
    assert.ok(Number.isNaN(result.trainRawScores[0]!) && Number.isFinite(result.trainRawScores[1]!));
  });

  it('should refuse labels other than 1, 0 and NaN, naming the row', async () => {
    await assert.rejects(trainGbdt(numericMatrix([1, 2, 3], [1, 0, 2])), rejectsWith(/label 2 is neither 1 \(positive\), 0 \(negative\) nor missing \(row 3\)/));
  });

  it('should treat Infinity as missing, training the same model as with NaN', async () => {
    const { matrix } = plantedData(3_000, 2);
    const withInfinity = matrix.columns.map((column) => column.map((value) => (Number.isNaN(value) ? Number.POSITIVE_INFINITY : value)));
    const fromNaN = await trainGbdt(matrix, { params: { rounds: 10 } });
    const fromInfinity = await trainGbdt({ ...matrix, columns: withInfinity }, { params: { rounds: 10 } });
    assert.equal(JSON.stringify(fromInfinity.model), JSON.stringify(fromNaN.model));
  });

  it('should refuse category codes that are negative or fractional, naming the feature and row', async () => {
    const labels = Float64Array.of(1, 0, 1);
    const codes = (values: number[]) => featureMatrix([{ name: 'industry', kind: 'categorical', values: Float64Array.from(values), categoryCount: 3 }], labels);
    await assert.rejects(trainGbdt(codes([0, -1, 2])), rejectsWith(/category code -1 is not a whole number from 0 .* \(row 2, column "industry"\)/));
    await assert.rejects(trainGbdt(codes([0, 1.5, 2])), rejectsWith(/category code 1.5/));
  });

  it('should train on a feature that is missing everywhere, never splitting on it', async () => {
    const { matrix } = plantedData(2_000, 3);
    const columns = [...matrix.columns, new Float64Array(2_000).fill(Number.NaN)];
    const features = [...matrix.features, { ...matrix.features[1]!, name: 'empty', feature: 'empty' }];
    const result = await trainGbdt({ ...matrix, columns, features }, { params: { rounds: 5 } });
    assert.equal(result.importance.at(-1)!.splits, 0);
  });

  it('should refuse invalid parameters with a ValidationError naming each field', async () => {
    const { matrix } = plantedData(100, 4);
    await assert.rejects(trainGbdt(matrix, { params: { maxLeaves: 1 } }), rejectsWith(/Invalid training parameters: params.maxLeaves/, ValidationError));
    await assert.rejects(
      trainGbdt(matrix, { params: { learningRate: 0, rowSubsample: 1.5 } }),
      (error: unknown) => error instanceof ValidationError && error.details!.map((detail) => detail.field).join() === 'params.learningRate,params.rowSubsample',
    );
    await assert.rejects(trainGbdt(matrix, { params: { leaves: 3 } as never }), rejectsWith(/Unrecognized key/, ValidationError));
  });

  it('should refuse to score or validate with a matrix of other features', async () => {
    const { matrix } = plantedData(2_000, 5);
    const [train, validation] = splitRows(matrix, 1_500);
    const { model } = await trainGbdt(train, { params: { rounds: 3 } });
    const renamed = { ...validation, features: validation.features.map((feature, index) => (index === 2 ? { ...feature, name: 'c' } : feature)) };
    assert.throws(() => predictRaw(model, renamed), rejectsWith(/Feature 3 is "c" \(numeric\) but the model expects "a" \(numeric\)/));
    await assert.rejects(trainGbdt(train, { validation: renamed }), rejectsWith(/Feature 3 is "c"/));
    assert.throws(() => predictRow(model, new Float64Array(3)), rejectsWith(/has 7 feature values, not 3/));
  });
});
