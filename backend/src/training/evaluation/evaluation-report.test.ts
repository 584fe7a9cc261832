import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { expectedCalibrationError } from './calibration-curve.ts';
import { evaluatePredictions, evaluationReportSchema, parseEvaluationReport } from './evaluation-report.ts';
import { brierScore, logLoss } from './probability-losses.ts';
import { averagePrecision, rocAuc } from './ranking-metrics.ts';
import { chooseF1Threshold } from './threshold-metrics.ts';
import { randomPredictions } from './test-support/random-predictions.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('evaluatePredictions', () => {
  it('should gather every metric into one report that matches the single functions', () => {
    const { probabilities, labels } = randomPredictions(5000, 51, 200);
    const report = evaluatePredictions(probabilities, labels);
    assert.equal(report.rowCount, 5000);
    assert.equal(report.positiveCount + report.negativeCount, 5000);
    assert.equal(report.rocAuc, rocAuc(probabilities, labels));
    assert.equal(report.prAuc, averagePrecision(probabilities, labels));
    assert.equal(report.logLoss, logLoss(probabilities, labels));
    assert.equal(report.brierScore, brierScore(probabilities, labels));
    assert.deepEqual(report.threshold, { rule: 'maxF1', ...chooseF1Threshold(probabilities, labels) });
    assert.equal(report.calibration.expectedCalibrationError, expectedCalibrationError(probabilities, labels));
    assert.equal(report.calibration.bins.length, 10);
    assert.equal(report.lift.rows.length, 10);
    assert.ok(report.rocCurve.length <= 200 && report.precisionRecallCurve.length <= 200);
  });

  it('should survive a JSON round trip and pass its own schema', () => {
    const { probabilities, labels } = randomPredictions(3000, 52);
    const report = evaluatePredictions(probabilities, labels, { curvePoints: 50, calibrationBins: 5, liftGroups: 4 });
    const reread = parseEvaluationReport(JSON.parse(JSON.stringify(report)));
    assert.deepEqual(reread, report);
    assert.ok(report.rocCurve.length <= 50);
    assert.deepEqual([report.calibration.bins.length, report.lift.rows.length], [5, 4]);
  });

  it('should evaluate the smallest possible holdout, one row of each outcome', () => {
    const report = evaluatePredictions(f64([0.8, 0.3]), f64([1, 0]));
    assert.equal(report.rocAuc, 1);
    assert.equal(report.threshold.threshold, 0.8);
    assert.ok(evaluationReportSchema.safeParse(report).success);
  });

  it('should refuse empty input, one outcome, a length mismatch and NaN probabilities with clear errors', () => {
    assert.throws(() => evaluatePredictions(f64([]), f64([])), { name: 'InvalidDataError', message: /holdout predictions have no rows/ });
    assert.throws(() => evaluatePredictions(f64([0.2, 0.9]), f64([1, 1])), { name: 'InvalidDataError', message: /only positive outcomes/ });
    assert.throws(() => evaluatePredictions(f64([0.2, 0.9]), f64([1, 0, 1])), ValidationError);
    assert.throws(() => evaluatePredictions(f64([0.2, Number.NaN]), f64([1, 0])), InvalidDataError);
    assert.throws(() => evaluatePredictions(f64([0.2, 0.9]), f64([1, Number.NaN])), { name: 'InvalidDataError', message: /selectLabeled/ });
  });

  it('should name the bad field of a stored report that does not fit the schema', () => {
    const report = evaluatePredictions(f64([0.8, 0.3, 0.6]), f64([1, 0, 0]));
    assert.throws(() => parseEvaluationReport({ ...report, rocAuc: 1.5 }), { name: 'ValidationError', message: /evaluation\.rocAuc/ });
  });
});
