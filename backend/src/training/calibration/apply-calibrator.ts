import { sigmoid } from '../linear/logistic-functions.ts';
import { logOddsOf } from './calibration-inputs.ts';
import { CALIBRATION_METHODS, type Calibrator, type IsotonicCalibrator } from './calibrator-model.ts';

/**
 * The calibrated probability of one score, which must be of the kind the calibrator was fitted on
 * (`calibrator.input`: a raw score or an uncalibrated probability). NaN gives NaN, so that one bad
 * row never fails a batch.
 */
export function applyCalibrator(calibrator: Calibrator, score: number): number {
  if (Number.isNaN(score)) return Number.NaN;
  if (calibrator.method === CALIBRATION_METHODS.platt) return sigmoid(calibrator.slope * logOddsOf(score, calibrator.input) + calibrator.intercept);
  return interpolate(calibrator, score);
}

export function applyCalibratorToAll(calibrator: Calibrator, scores: Float64Array): Float64Array {
  return Float64Array.from(scores, (score) => applyCalibrator(calibrator, score));
}

function interpolate(calibrator: IsotonicCalibrator, score: number): number {
  const { x, y } = calibrator;
  const last = x.length - 1;
  if (score <= x[0]!) return y[0]!;
  if (score >= x[last]!) return y[last]!;
  // The last knot at or below the score, by bisection.
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (x[middle]! <= score) low = middle;
    else high = middle;
  }
  return y[low]! + ((y[high]! - y[low]!) * (score - x[low]!)) / (x[high]! - x[low]!);
}

/**
 * The isotonic function as a sum of clipped ramps, the form an ONNX graph can compute without a
 * loop or a search: `f(s) = base + sum_k slopes[k] x (min(max(s, lower[k]), upper[k]) - lower[k])`,
 * with lower/upper the consecutive knots. (Broadcast Max, Min, Sub, then MatMul by the slopes.)
 */
export function isotonicAsRamps(calibrator: IsotonicCalibrator): { base: number; lower: number[]; upper: number[]; slopes: number[] } {
  const { x, y } = calibrator;
  const lower = x.slice(0, -1);
  const upper = x.slice(1);
  const slopes = lower.map((from, k) => (y[k + 1]! - y[k]!) / (upper[k]! - from));
  return { base: y[0]!, lower, upper, slopes };
}
