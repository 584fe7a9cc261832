import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { applyCalibratorToAll } from './apply-calibrator.ts';
import { calibrationReportSchema, fitCalibrator } from './choose-calibrator.ts';
import { miscalibratedScores, sigmoid } from './test-support/miscalibrated-scores.ts';

const overconfident = (score: number): number => sigmoid(0.4 * score - 0.5);

describe('fitCalibrator', () => {
  it('should choose isotonic regression with 1,000 rows and 100 of each outcome, and say why', () => {
    const { scores, labels } = miscalibratedScores(5000, 1, overconfident);
    const { calibrator, report } = fitCalibrator(scores, labels);
    assert.equal(calibrator.method, 'isotonic');
    assert.equal(report.method, 'isotonic');
    assert.match(report.reason, /5000 validation rows/);
    assert.ok(calibrationReportSchema.safeParse(report).success);
    assert.ok(report.eceBefore > 0.1, `before ${report.eceBefore}`);
    assert.ok(report.eceAfter < 0.03, `after ${report.eceAfter}`);
    assert.ok(report.eceAfterCrossValidated! < 0.03, `cross-validated ${report.eceAfterCrossValidated}`);
  });

  it('should choose Platt scaling on less data, or when the rarer outcome has fewer than 100 rows', () => {
    const small = miscalibratedScores(600, 2, overconfident);
    assert.equal(fitCalibrator(small.scores, small.labels).report.method, 'platt');
    const rare = miscalibratedScores(5000, 3, (score) => sigmoid(score - 5.5));
    const { report } = fitCalibrator(rare.scores, rare.labels);
    assert.ok(report.positiveCount < 100);
    assert.equal(report.method, 'platt');
    assert.match(report.reason, /isotonic regression needs 1000 rows and 100 of each outcome/);
  });

  it('should read probabilities as well as raw scores, and honour a forced method', () => {
    const { scores, labels } = miscalibratedScores(3000, 4, overconfident);
    const probabilities = Float64Array.from(scores, sigmoid);
    const { calibrator, report } = fitCalibrator(probabilities, labels, { input: 'probability', method: 'platt' });
    assert.deepEqual([calibrator.method, calibrator.input, report.reason], ['platt', 'probability', 'platt was asked for']);
    const fromRaw = fitCalibrator(scores, labels, { method: 'platt' }).calibrator;
    const a = applyCalibratorToAll(calibrator, probabilities);
    const b = applyCalibratorToAll(fromRaw, scores);
    a.forEach((value, row) => assert.ok(Math.abs(value - b[row]!) < 1e-6));
  });

  it('should report no cross-validated error when an outcome has fewer rows than folds', () => {
    const { report } = fitCalibrator(Float64Array.from([-1, 0, 1, 2, 3, 4]), Float64Array.from([0, 0, 0, 1, 0, 1]));
    assert.equal(report.eceAfterCrossValidated, null);
  });

  it('should refuse empty input, one outcome, a length mismatch and NaN scores', () => {
    assert.throws(() => fitCalibrator(new Float64Array(0), new Float64Array(0)), InvalidDataError);
    assert.throws(() => fitCalibrator(Float64Array.from([1, 2]), Float64Array.from([1, 1])), { name: 'InvalidDataError', message: /only positive outcomes/ });
    assert.throws(() => fitCalibrator(Float64Array.from([1, 2]), Float64Array.from([1])), ValidationError);
    assert.throws(() => fitCalibrator(Float64Array.from([Number.NaN, 2]), Float64Array.from([1, 0])), InvalidDataError);
    assert.throws(() => fitCalibrator(Float64Array.from([1, 2]), Float64Array.from([1, 0]), { input: 'logits' as never }), ValidationError);
  });
});
