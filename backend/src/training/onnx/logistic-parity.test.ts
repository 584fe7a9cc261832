import assert from 'node:assert/strict';
import { ValidationError } from '../../errors.ts';
import { applyCalibratorToAll, fitIsotonicRegression, fitPlattScaling, type Calibrator } from '../calibration/index.ts';
import { compileLogisticModel, fitLogisticRegression, sigmoid, type LogisticRegressionModel } from '../linear/index.ts';
import { plantedMatrix } from '../linear/test-support/generated-matrix.ts';
import type { FeatureMatrix } from '../../features/index.ts';
import { exportLogisticToOnnx } from './export-logistic.ts';
import { assertScoresMatch, runOnnx } from './test-support/run-onnx.ts';

const TOLERANCE = 1e-5;

describe('logistic regression ONNX export: parity in onnxruntime-node', function () {
  this.timeout(30_000);
  let train: FeatureMatrix;
  let holdout: FeatureMatrix;
  let model: LogisticRegressionModel;

  before(async () => {
    train = plantedMatrix(3000, 11);
    holdout = plantedMatrix(3000, 12);
    model = await fitLogisticRegression(train);
  });

  async function assertParity(calibrator: Calibrator | null): Promise<void> {
    const predictor = compileLogisticModel(model, holdout.features);
    const { onnx } = exportLogisticToOnnx(model, holdout.features, { calibrator });
    const actual = await runOnnx(onnx, holdout);
    const raw = predictor.predictRaw(holdout);
    const probability = calibrator ? applyCalibratorToAll(calibrator, calibrator.input === 'raw' ? raw : raw.map(sigmoid)) : predictor.predictProbability(holdout);
    assertScoresMatch(actual, { raw, probability }, TOLERANCE);
  }

  it('matches without a calibrator', async () => {
    await assertParity(null);
  });

  it('matches with Platt scaling', async () => {
    const raw = compileLogisticModel(model, holdout.features).predictRaw(holdout);
    await assertParity(fitPlattScaling(raw, holdout.labels!, 'raw'));
  });

  it('matches with isotonic regression on probabilities', async () => {
    const probability = compileLogisticModel(model, holdout.features).predictProbability(holdout);
    const calibrator = fitIsotonicRegression(probability, holdout.labels!, 'probability');
    assert.ok(calibrator.x.length > 5);
    await assertParity(calibrator);
  });

  it('matches coefficients by name whatever order the model lists them in', async () => {
    model = { ...model, coefficients: [...model.coefficients].reverse() };
    await assertParity(null);
  });

  it('gives NaN for a row with a NaN feature, as the predictor does, through either calibrator', async () => {
    const predictor = compileLogisticModel(model, holdout.features);
    const raw = predictor.predictRaw(holdout);
    const row = { ...holdout, rowCount: 1, columns: holdout.columns.map((column, j) => Float64Array.of(j === 0 ? Number.NaN : column[0]!)), labels: null };
    assert.ok(Number.isNaN(predictor.predictRaw(row)[0]!));
    for (const calibrator of [null, fitPlattScaling(raw, holdout.labels!, 'raw'), fitIsotonicRegression(raw, holdout.labels!, 'raw')]) {
      const actual = await runOnnx(exportLogisticToOnnx(model, holdout.features, { calibrator }).onnx, row);
      assert.ok(Number.isNaN(actual.raw[0]!) && Number.isNaN(actual.probability[0]!), `${calibrator?.method ?? 'uncalibrated'}: ${actual.probability[0]}`);
    }
  });

  it('refuses features that differ from the coefficients', () => {
    const renamed = holdout.features.map((feature, index) => (index === 0 ? { ...feature, name: 'other' } : feature));
    assert.throws(() => exportLogisticToOnnx(model, renamed), (error: unknown) => error instanceof ValidationError && /differ/.test(error.message));
  });
});
