import assert from 'node:assert/strict';
import { SeededRandom } from '../../synthetic/index.ts';
import { expectedCalibrationError } from '../evaluation/calibration-curve.ts';
import { applyCalibrator, applyCalibratorToAll, isotonicAsRamps } from './apply-calibrator.ts';
import { parseCalibrator } from './calibrator-model.ts';
import { fitIsotonicRegression, ISOTONIC_PROBABILITY_FLOOR } from './isotonic-regression.ts';
import { miscalibratedScores, sigmoid } from './test-support/miscalibrated-scores.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const FLOOR = ISOTONIC_PROBABILITY_FLOOR;

/** Pool-adjacent-violators the slow, obvious way: merge the first violating neighbours until there are none. */
function naiveBlocks(scores: Float64Array, labels: Float64Array): { center: number; rate: number }[] {
  const order = [...scores.keys()].sort((a, b) => scores[a]! - scores[b]!);
  let blocks: { rows: number[] }[] = [];
  for (const row of order) {
    const last = blocks.at(-1);
    if (last && scores[last.rows[0]!] === scores[row]) last.rows.push(row);
    else blocks.push({ rows: [row] });
  }
  const rate = (rows: number[]): number => rows.reduce((sum, row) => sum + labels[row]!, 0) / rows.length;
  let merged = true;
  while (merged) {
    merged = false;
    for (let k = 1; k < blocks.length; k += 1) {
      if (rate(blocks[k - 1]!.rows) > rate(blocks[k]!.rows)) {
        blocks = [...blocks.slice(0, k - 1), { rows: [...blocks[k - 1]!.rows, ...blocks[k]!.rows] }, ...blocks.slice(k + 1)];
        merged = true;
        break;
      }
    }
  }
  return blocks.map(({ rows }) => ({ center: rows.reduce((sum, row) => sum + scores[row]!, 0) / rows.length, rate: rate(rows) }));
}

describe('fitIsotonicRegression', () => {
  it('should pool violators into blocks and interpolate between their centers, flat outside', () => {
    // Rows 2 and 3 (outcomes 1, 0) violate the order and pool into one block at 2.5 with rate 0.5.
    const isotonic = fitIsotonicRegression(f64([1, 2, 3, 4, 5, 6]), f64([0, 1, 0, 1, 1, 1]), 'raw');
    assert.deepEqual(isotonic.x, [1, 2.5, 4, 6], 'the knot at 5 lies on the flat run from 4 to 6');
    assert.deepEqual(isotonic.y, [FLOOR, 0.5, 1 - FLOOR, 1 - FLOOR]);
    assert.equal(applyCalibrator(isotonic, 0), FLOOR);
    assert.equal(applyCalibrator(isotonic, 1.75), (FLOOR + 0.5) / 2);
    assert.equal(applyCalibrator(isotonic, 5), 1 - FLOOR);
    assert.equal(applyCalibrator(isotonic, 99), 1 - FLOOR);
    assert.ok(Number.isNaN(applyCalibrator(isotonic, Number.NaN)));
  });

  it('should pool tied scores before anything else', () => {
    const isotonic = fitIsotonicRegression(f64([0.3, 0.3, 0.3, 0.3, 0.8]), f64([1, 0, 0, 0, 1]), 'probability');
    assert.deepEqual(isotonic.x, [0.3, 0.8]);
    assert.deepEqual(isotonic.y, [0.25, 1 - FLOOR]);
  });

  it('should agree with the slow pool-adjacent-violators at every block center on random data', () => {
    const random = new SeededRandom(9);
    for (let trial = 0; trial < 5; trial += 1) {
      const scores = Float64Array.from({ length: 300 }, () => Math.round(random.normal() * 20) / 10);
      const labels = Float64Array.from(scores, (score) => (random.chance(sigmoid(score)) ? 1 : 0));
      const isotonic = fitIsotonicRegression(scores, labels, 'raw');
      for (const block of naiveBlocks(scores, labels)) {
        const expected = Math.min(Math.max(block.rate, FLOOR), 1 - FLOOR);
        assert.ok(Math.abs(applyCalibrator(isotonic, block.center) - expected) < 1e-12, `block at ${block.center}`);
      }
    }
  });

  it('should be monotone and lower the calibration error of scores distorted in a non-logistic way', () => {
    // The truth is a step-like, non-logistic function of the score.
    const truth = (score: number): number => (score < 0 ? 0.05 : score < 1 ? 0.3 : 0.6 + 0.1 * Math.tanh(score));
    const { scores, labels } = miscalibratedScores(30_000, 4, truth);
    const isotonic = fitIsotonicRegression(scores, labels, 'raw');
    let previous = -Infinity;
    for (let score = -6; score <= 6; score += 0.01) {
      const value = applyCalibrator(isotonic, score);
      assert.ok(value >= previous, `decreases at ${score}`);
      previous = value;
    }
    const fresh = miscalibratedScores(30_000, 5, truth);
    const before = expectedCalibrationError(Float64Array.from(fresh.scores, sigmoid), fresh.labels);
    const after = expectedCalibrationError(applyCalibratorToAll(isotonic, fresh.scores), fresh.labels);
    assert.ok(before > 0.1 && after < 0.02, `before ${before}, after ${after} on rows it was not fitted on`);
  });

  it('should survive a JSON round trip and compute the same as a sum of clipped ramps (the ONNX form)', () => {
    const { scores, labels } = miscalibratedScores(3000, 6, (score) => sigmoid(score / 2));
    const isotonic = fitIsotonicRegression(scores, labels, 'raw');
    assert.deepEqual(parseCalibrator(JSON.parse(JSON.stringify(isotonic))), isotonic);
    const { base, lower, upper, slopes } = isotonicAsRamps(isotonic);
    for (let score = -8; score <= 8; score += 0.037) {
      const ramps = slopes.reduce((sum, slope, k) => sum + slope * (Math.min(Math.max(score, lower[k]!), upper[k]!) - lower[k]!), base);
      assert.ok(Math.abs(ramps - applyCalibrator(isotonic, score)) < 1e-9, `at ${score}`);
    }
  });

  it('should refuse a calibrator whose knots go backwards', () => {
    const isotonic = fitIsotonicRegression(f64([1, 2, 3]), f64([0, 1, 1]), 'raw');
    assert.throws(() => parseCalibrator({ ...isotonic, x: [...isotonic.x].reverse() }), { name: 'ValidationError', message: /strictly increasing/ });
    assert.throws(() => fitIsotonicRegression(f64([1, 2]), f64([1, 1]), 'raw'), { name: 'InvalidDataError', message: /only positive outcomes/ });
  });
});
