import assert from 'node:assert/strict';
import { ValidationError } from '../../errors.ts';
import { expectedCalibrationError } from '../evaluation/calibration-curve.ts';
import { fitLogisticRegression } from '../linear/fit-logistic-regression.ts';
import { matrixOf } from '../linear/test-support/generated-matrix.ts';
import { applyCalibrator, applyCalibratorToAll } from './apply-calibrator.ts';
import { fitPlattScaling } from './platt-scaling.ts';
import { miscalibratedScores, sigmoid } from './test-support/miscalibrated-scores.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('fitPlattScaling', () => {
  it('should recover a known distortion of the log-odds and agree with an independent logistic fit', async () => {
    // The model says sigmoid(s); the truth is sigmoid(0.5 s + 0.8): overconfident and too low.
    const { scores, labels } = miscalibratedScores(100_000, 1, (score) => sigmoid(0.5 * score + 0.8));
    const platt = fitPlattScaling(scores, labels, 'raw');
    assert.ok(Math.abs(platt.slope - 0.5) < 0.03, `slope ${platt.slope}`);
    assert.ok(Math.abs(platt.intercept - 0.8) < 0.03, `intercept ${platt.intercept}`);
    // On 100,000 rows Platt's prior is negligible, so a plain logistic regression of the labels on
    // the score (the linear trainer, a different solver) lands in the same place.
    const reference = await fitLogisticRegression(matrixOf({ score: scores }, labels), { l2: 1e-12, tolerance: 1e-10 });
    assert.ok(Math.abs(platt.slope - reference.coefficients[0]!.coefficient) < 1e-3);
    assert.ok(Math.abs(platt.intercept - reference.intercept) < 1e-3);
  });

  it('should lower the calibration error of miscalibrated scores', () => {
    const { scores, labels } = miscalibratedScores(20_000, 2, (score) => sigmoid(0.5 * score + 0.8));
    const platt = fitPlattScaling(scores, labels, 'raw');
    const before = expectedCalibrationError(Float64Array.from(scores, sigmoid), labels);
    const after = expectedCalibrationError(applyCalibratorToAll(platt, scores), labels);
    assert.ok(before > 0.1, `before ${before}`);
    assert.ok(after < 0.02, `after ${after}`);
  });

  it('should read probabilities through their logit, giving the same fit as the raw scores', () => {
    const { scores, labels } = miscalibratedScores(5000, 3, (score) => sigmoid(2 * score));
    const raw = fitPlattScaling(scores, labels, 'raw');
    const probability = fitPlattScaling(Float64Array.from(scores, sigmoid), labels, 'probability');
    assert.ok(Math.abs(raw.slope - probability.slope) < 1e-6);
    assert.ok(Math.abs(applyCalibrator(raw, 0.3) - applyCalibrator(probability, sigmoid(0.3))) < 1e-6);
  });

  it('should stay finite on separable validation rows, thanks to Platt\'s prior', () => {
    const platt = fitPlattScaling(f64([-2, -1, -0.5, 0.5, 1, 2]), f64([0, 0, 0, 1, 1, 1]), 'raw');
    assert.ok(Number.isFinite(platt.slope) && platt.slope > 0 && platt.slope < 50, `slope ${platt.slope}`);
    const top = applyCalibrator(platt, 2);
    assert.ok(top < 1 && top > 0.75, 'the prior keeps the top below certainty');
    assert.deepEqual(platt.fittedOn, { rowCount: 6, positiveCount: 3 });
  });

  it('should refuse empty input, one outcome, a length mismatch and NaN scores', () => {
    assert.throws(() => fitPlattScaling(f64([]), f64([]), 'raw'), { name: 'InvalidDataError', message: /no rows/ });
    assert.throws(() => fitPlattScaling(f64([1, 2]), f64([0, 0]), 'raw'), { name: 'InvalidDataError', message: /only negative outcomes/ });
    assert.throws(() => fitPlattScaling(f64([1, 2]), f64([0]), 'raw'), ValidationError);
    assert.throws(() => fitPlattScaling(f64([1, Number.NaN]), f64([0, 1]), 'raw'), { name: 'InvalidDataError', message: /NaN at index 1/ });
    assert.throws(() => fitPlattScaling(f64([0.2, 3]), f64([0, 1]), 'probability'), { name: 'InvalidDataError', message: /probability between 0 and 1/ });
  });
});
