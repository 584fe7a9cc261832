import assert from 'node:assert/strict';
import { SeededRandom } from '../../synthetic/index.ts';
import { calibrationCurve, expectedCalibrationError } from './calibration-curve.ts';
import { assertClose, randomPredictions } from './test-support/random-predictions.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('calibrationCurve', () => {
  it('should make equal-frequency bins of mean predicted probability against observed rate', () => {
    const probabilities = f64([0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]);
    const labels = f64([0, 0, 1, 0, 1, 0, 1, 1]);
    const curve = calibrationCurve(probabilities, labels, 4);
    assert.deepEqual(
      curve.bins.map((bin) => [bin.count, bin.positives, bin.observedRate]),
      [[2, 0, 0], [2, 1, 0.5], [2, 1, 0.5], [2, 2, 1]],
    );
    assert.deepEqual(
      curve.bins.map((bin) => [bin.minPredicted, bin.maxPredicted]),
      [[0.1, 0.2], [0.3, 0.4], [0.6, 0.7], [0.8, 0.9]],
    );
    // |0 - 0.15|, |0.5 - 0.35|, |0.5 - 0.65|, |1 - 0.85|, each a quarter of the rows.
    assertClose(curve.expectedCalibrationError, 0.15, 1e-12);
  });

  it('should keep tied probabilities in one bin, making fewer bins', () => {
    const curve = calibrationCurve(f64([0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.75, 0.75]), f64([0, 0, 1, 0, 0, 0, 1, 1]), 4);
    assert.deepEqual(
      curve.bins.map((bin) => [bin.count, bin.meanPredicted]),
      [[6, 0.25], [2, 0.75]],
    );
  });

  it('should match bins cut from the sorted rows when scores have no ties', () => {
    const { probabilities, labels } = randomPredictions(1000, 31);
    const order = [...probabilities.keys()].sort((a, b) => probabilities[a]! - probabilities[b]!);
    let expected = 0;
    for (let bin = 0; bin < 10; bin += 1) {
      const rows = order.slice(bin * 100, bin * 100 + 100);
      const mean = rows.reduce((sum, row) => sum + probabilities[row]!, 0) / 100;
      const rate = rows.reduce((sum, row) => sum + labels[row]!, 0) / 100;
      expected += Math.abs(rate - mean) / 10;
    }
    assertClose(expectedCalibrationError(probabilities, labels), expected, 1e-12);
  });

  it('should find well-calibrated scores nearly perfect and shifted scores off', () => {
    const random = new SeededRandom(32);
    const rowCount = 50_000;
    const probabilities = new Float64Array(rowCount);
    const labels = new Float64Array(rowCount);
    const shifted = new Float64Array(rowCount);
    for (let row = 0; row < rowCount; row += 1) {
      probabilities[row] = random.next();
      labels[row] = random.chance(probabilities[row]!) ? 1 : 0;
      shifted[row] = probabilities[row]! ** 2;
    }
    assert.ok(expectedCalibrationError(probabilities, labels) < 0.015);
    assert.ok(expectedCalibrationError(shifted, labels) > 0.1);
  });
});
