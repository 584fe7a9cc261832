import { buildScoreTable } from '../evaluation/score-table.ts';
import { checkCalibrationData } from './calibration-inputs.ts';
import { CALIBRATION_METHODS, type CalibratorInput, type IsotonicCalibrator } from './calibrator-model.ts';

/**
 * Fitted values are kept within [1e-6, 1 - 1e-6]. A block of validation rows that were all negative
 * would otherwise map its scores to exactly 0: a promise of "never" that a finite sample cannot
 * make, and an infinite log loss on the first exception.
 */
export const ISOTONIC_PROBABILITY_FLOOR = 1e-6;

/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing step function of the score
 * closest (in squared error) to the observed outcomes. Tied scores are pooled first, as they
 * cannot be told apart. Each resulting block becomes a knot at its center, the row-weighted mean
 * of its scores, with the block's positive rate as value; between knots the function is linear,
 * so that nearby scores get nearby probabilities instead of the steps' jumps, and beyond the
 * outer knots it stays flat (scikit-learn's `out_of_bounds="clip"`).
 */
export function fitIsotonicRegression(scores: Float64Array, labels: Float64Array, input: CalibratorInput): IsotonicCalibrator {
  const counts = checkCalibrationData(scores, labels, input);
  const table = buildScoreTable(scores, labels);

  // Blocks on a stack: total weight (rows), positives, and the sum of their scores.
  const weights: number[] = [];
  const positives: number[] = [];
  const scoreSums: number[] = [];
  for (let entry = 0; entry < table.scores.length; entry += 1) {
    let weight = table.positives[entry]! + table.negatives[entry]!;
    let positive = table.positives[entry]!;
    let scoreSum = weight * table.scores[entry]!;
    // Pool with the previous block while it has a higher rate than this one (a violation).
    while (weights.length > 0 && positives.at(-1)! * weight > positive * weights.at(-1)!) {
      weight += weights.pop()!;
      positive += positives.pop()!;
      scoreSum += scoreSums.pop()!;
    }
    weights.push(weight);
    positives.push(positive);
    scoreSums.push(scoreSum);
  }

  const x: number[] = [];
  const y: number[] = [];
  weights.forEach((weight, block) => {
    const value = Math.min(Math.max(positives[block]! / weight, ISOTONIC_PROBABILITY_FLOOR), 1 - ISOTONIC_PROBABILITY_FLOOR);
    // A knot between two flat neighbours adds nothing to the interpolation; keep the JSON small.
    if (y.length >= 2 && y.at(-1) === value && y.at(-2) === value) {
      x[x.length - 1] = scoreSums[block]! / weight;
      return;
    }
    x.push(scoreSums[block]! / weight);
    y.push(value);
  });
  return { method: CALIBRATION_METHODS.isotonic, input, x, y, fittedOn: { rowCount: scores.length, positiveCount: counts.positives } };
}
