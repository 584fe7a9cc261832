import { CALIBRATION_METHODS, CALIBRATOR_INPUTS, isotonicAsRamps, type Calibrator, type IsotonicCalibrator } from '../calibration/index.ts';
import type { OnnxGraphBuilder } from './graph-builder.ts';

/**
 * The probability from the raw score (log-odds, double [N]) as double [N]: the logistic function,
 * then the calibrator when there is one, mirroring `applyCalibrator` step by step. Everything is
 * double: isotonic knots can be close together, and their steep slopes would amplify float32
 * rounding past the 1e-5 parity.
 */
export function appendProbability(builder: OnnxGraphBuilder, raw: string, calibrator: Calibrator | null): string {
  const uncalibrated = builder.node('Sigmoid', [raw], 'uncalibrated_probability');
  if (!calibrator) return uncalibrated;
  const score = calibrator.input === CALIBRATOR_INPUTS.raw ? raw : uncalibrated;
  if (calibrator.method === CALIBRATION_METHODS.platt) {
    const logOdds = calibrator.input === CALIBRATOR_INPUTS.raw ? score : appendLogit(builder, score);
    const scaled = builder.node('Mul', [logOdds, builder.doubles('platt_slope', calibrator.slope)], 'platt_scaled');
    const shifted = builder.node('Add', [scaled, builder.doubles('platt_intercept', calibrator.intercept)], 'platt_log_odds');
    return builder.node('Sigmoid', [shifted], 'probability_calibrated');
  }
  return appendIsotonic(builder, score, calibrator);
}

/** `logit` of linear/logistic-functions.ts: log(p) - log(1 - p) with p clipped to [1e-15, 1 - 1e-15]. */
function appendLogit(builder: OnnxGraphBuilder, probability: string): string {
  const clip = 1e-15;
  const atLeast = builder.node('Max', [probability, builder.doubles('logit_floor', clip)], 'logit_floored');
  const clipped = builder.node('Min', [atLeast, builder.doubles('logit_ceiling', 1 - clip)], 'logit_clipped');
  const complement = builder.node('Sub', [builder.doubles('one', 1), clipped], 'logit_complement');
  return builder.node('Sub', [builder.node('Log', [clipped], 'log_p'), builder.node('Log', [complement], 'log_complement')], 'logit');
}

/**
 * `base + sum_k slopes[k] (min(max(s, lower[k]), upper[k]) - lower[k])` (isotonicAsRamps): an
 * [N, 1] score against [K] knots broadcasts to [N, K], and MatMul by the [K] slopes sums each row.
 * Outside the knots every ramp is clipped, so the function is flat there, as applyCalibrator is.
 * A calibrator of one knot is the constant y[0] (times 0 plus, so that NaN stays NaN).
 */
function appendIsotonic(builder: OnnxGraphBuilder, score: string, calibrator: IsotonicCalibrator): string {
  const ramps = isotonicAsRamps(calibrator);
  const base = builder.doubles('isotonic_base', ramps.base);
  if (ramps.slopes.length === 0) {
    return builder.node('Add', [builder.node('Mul', [score, builder.doubles('zero', 0)], 'isotonic_zero'), base], 'probability_calibrated');
  }
  const column = builder.node('Unsqueeze', [score, builder.int64s('axis_1', [1])], 'isotonic_score_column');
  const lower = builder.doubles('isotonic_lower', ramps.lower);
  const raised = builder.node('Max', [column, lower], 'isotonic_raised');
  const clipped = builder.node('Min', [raised, builder.doubles('isotonic_upper', ramps.upper)], 'isotonic_clipped');
  const widths = builder.node('Sub', [clipped, lower], 'isotonic_widths');
  const rise = builder.node('MatMul', [widths, builder.doubles('isotonic_slopes', ramps.slopes)], 'isotonic_rise');
  return builder.node('Add', [rise, base], 'probability_calibrated');
}
