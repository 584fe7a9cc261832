import { sigmoid, softplus } from '../linear/logistic-functions.ts';
import { checkCalibrationData, logOddsOf } from './calibration-inputs.ts';
import { CALIBRATION_METHODS, type CalibratorInput, type PlattCalibrator } from './calibrator-model.ts';

const MAX_ITERATIONS = 100;
/** On the mean gradient; Platt's 1e-5 on the summed gradient is looser for more than 10,000 rows. */
const TOLERANCE = 1e-10;
/** Lin, Lin and Weng's tiny ridge, which keeps the 2 x 2 Hessian invertible when the scores are all equal. */
const HESSIAN_RIDGE = 1e-12;
const MIN_STEP = 1e-10;

/**
 * Platt scaling: fits `p = sigmoid(slope x s + intercept)` on validation rows by Newton's method
 * with backtracking, as in Lin, Lin and Weng, "A note on Platt's probabilistic outputs for support
 * vector machines" (2007).
 *
 * The targets are Platt's, not the bare labels: positives count as (N+ + 1) / (N+ + 2) and
 * negatives as 1 / (N- + 2). This prior keeps a small or separable validation set from driving the
 * slope to infinity and the probabilities to exactly 0 and 1.
 */
export function fitPlattScaling(scores: Float64Array, labels: Float64Array, input: CalibratorInput): PlattCalibrator {
  const counts = checkCalibrationData(scores, labels, input);
  const n = scores.length;
  const x = Float64Array.from(scores, (score) => logOddsOf(score, input));
  const high = (counts.positives + 1) / (counts.positives + 2);
  const low = 1 / (counts.negatives + 2);
  const targets = Float64Array.from(labels, (label) => (label === 1 ? high : low));

  const objective = (slope: number, intercept: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const z = slope * x[i]! + intercept;
      sum += softplus(z) - targets[i]! * z;
    }
    return sum / n;
  };

  let slope = 0;
  let intercept = Math.log((counts.positives + 1) / (counts.negatives + 1));
  let value = objective(slope, intercept);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration += 1) {
    let gSlope = 0;
    let gIntercept = 0;
    let hSlope = 0;
    let hCross = 0;
    let hIntercept = 0;
    for (let i = 0; i < n; i += 1) {
      const probability = sigmoid(slope * x[i]! + intercept);
      const residual = probability - targets[i]!;
      const curvature = probability * (1 - probability);
      gSlope += residual * x[i]!;
      gIntercept += residual;
      hSlope += curvature * x[i]! * x[i]!;
      hCross += curvature * x[i]!;
      hIntercept += curvature;
    }
    [gSlope, gIntercept, hSlope, hCross, hIntercept] = [gSlope / n, gIntercept / n, hSlope / n + HESSIAN_RIDGE, hCross / n, hIntercept / n + HESSIAN_RIDGE];
    if (Math.max(Math.abs(gSlope), Math.abs(gIntercept)) < TOLERANCE) break;

    const determinant = hSlope * hIntercept - hCross * hCross;
    const dSlope = -(hIntercept * gSlope - hCross * gIntercept) / determinant;
    const dIntercept = -(-hCross * gSlope + hSlope * gIntercept) / determinant;
    const slopeOfLine = gSlope * dSlope + gIntercept * dIntercept;
    let step = 1;
    while (step >= MIN_STEP) {
      const trial = objective(slope + step * dSlope, intercept + step * dIntercept);
      if (trial <= value + 1e-4 * step * slopeOfLine) {
        slope += step * dSlope;
        intercept += step * dIntercept;
        value = trial;
        break;
      }
      step /= 2;
    }
    // No step lowers the objective: it is at its minimum as far as doubles can tell.
    if (step < MIN_STEP) break;
  }
  return { method: CALIBRATION_METHODS.platt, input, slope, intercept, fittedOn: { rowCount: n, positiveCount: counts.positives } };
}
