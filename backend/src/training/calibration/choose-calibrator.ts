import { z } from 'zod';
import { ValidationError } from '../../errors.ts';
import { expectedCalibrationError } from '../evaluation/calibration-curve.ts';
import { stratifiedKFold } from '../evaluation/stratified-k-fold.ts';
import { gather } from '../evaluation/validate-predictions.ts';
import { applyCalibratorToAll } from './apply-calibrator.ts';
import { checkCalibrationData, uncalibratedProbability } from './calibration-inputs.ts';
import { CALIBRATION_METHODS, CALIBRATOR_INPUTS, type CalibrationMethod, type Calibrator, type CalibratorInput } from './calibrator-model.ts';
import { fitIsotonicRegression } from './isotonic-regression.ts';
import { fitPlattScaling } from './platt-scaling.ts';

/** When isotonic regression has enough data to beat Platt scaling's two parameters. */
export const CALIBRATOR_CHOICE_DEFAULTS = Object.freeze({
  minRowsForIsotonic: 1000,
  minEachOutcomeForIsotonic: 100,
  crossValidationFolds: 5,
} as const);

export interface FitCalibratorOptions {
  /** What the scores are: raw model outputs (default) or uncalibrated probabilities. */
  input?: CalibratorInput;
  /** `auto` (default) applies the rule below; naming a method forces it. */
  method?: CalibrationMethod | 'auto';
  minRowsForIsotonic?: number;
  /** Rows of each outcome, positives and negatives alike. */
  minEachOutcomeForIsotonic?: number;
  /** Seed of the folds behind `eceAfterCrossValidated`. Default 0. */
  seed?: number;
}

export const calibrationReportSchema = z.object({
  method: z.enum(CALIBRATION_METHODS),
  /** Why this method, in a sentence for the run page. */
  reason: z.string(),
  rowCount: z.number().int().positive(),
  positiveCount: z.number().int().positive(),
  negativeCount: z.number().int().positive(),
  /** Expected calibration error (10 equal-frequency bins) of the model's own probabilities on the validation rows. */
  eceBefore: z.number().min(0).max(1),
  /** The same after calibration, on the rows it was fitted on: optimistic, isotonic above all. */
  eceAfter: z.number().min(0).max(1),
  /**
   * The same with each fold's rows calibrated by a calibrator fitted on the other folds: an honest
   * estimate of the calibrated model's error on new rows. Null when an outcome has fewer rows than folds.
   */
  eceAfterCrossValidated: z.number().min(0).max(1).nullable(),
});
export type CalibrationReport = z.infer<typeof calibrationReportSchema>;

/**
 * Fits the calibrator for a model from its scores on validation rows (rows it was not trained
 * on), so that a calibrated 0.7 means that about 70% of such records convert.
 *
 * Isotonic regression when there are at least 1,000 rows and 100 of each outcome; Platt scaling
 * otherwise. Isotonic regression can follow any monotone distortion but estimates one rate per
 * block, which is noise on small data; Platt scaling fits two numbers and only corrects a
 * logistic-shaped distortion, which is what the linear model and boosted trees mostly have. The
 * threshold asks for 100 of each outcome, not only positives, because the blocks at the low end
 * are as noisy when negatives are rare.
 */
export function fitCalibrator(scores: Float64Array, labels: Float64Array, options: FitCalibratorOptions = {}): { calibrator: Calibrator; report: CalibrationReport } {
  const input = options.input ?? CALIBRATOR_INPUTS.raw;
  if (!Object.values(CALIBRATOR_INPUTS).includes(input)) throw new ValidationError(`Unknown calibrator input ${String(input)}`, [{ field: 'input', message: 'raw or probability' }]);
  const counts = checkCalibrationData(scores, labels, input);
  const minRows = options.minRowsForIsotonic ?? CALIBRATOR_CHOICE_DEFAULTS.minRowsForIsotonic;
  const minEach = options.minEachOutcomeForIsotonic ?? CALIBRATOR_CHOICE_DEFAULTS.minEachOutcomeForIsotonic;
  const fewest = Math.min(counts.positives, counts.negatives);

  let method: CalibrationMethod;
  let reason: string;
  if (options.method !== undefined && options.method !== 'auto') {
    method = options.method;
    reason = `${method} was asked for`;
  } else if (scores.length >= minRows && fewest >= minEach) {
    method = CALIBRATION_METHODS.isotonic;
    reason = `isotonic regression: ${scores.length} validation rows (at least ${minRows}) with ${fewest} of the rarer outcome (at least ${minEach})`;
  } else {
    method = CALIBRATION_METHODS.platt;
    reason = `Platt scaling: ${scores.length} validation rows with ${fewest} of the rarer outcome; isotonic regression needs ${minRows} rows and ${minEach} of each outcome`;
  }

  const fit = (fitScores: Float64Array, fitLabels: Float64Array): Calibrator =>
    method === CALIBRATION_METHODS.isotonic ? fitIsotonicRegression(fitScores, fitLabels, input) : fitPlattScaling(fitScores, fitLabels, input);
  const calibrator = fit(scores, labels);
  const before = Float64Array.from(scores, (score) => uncalibratedProbability(score, input));
  const report: CalibrationReport = {
    method,
    reason,
    rowCount: scores.length,
    positiveCount: counts.positives,
    negativeCount: counts.negatives,
    eceBefore: expectedCalibrationError(before, labels),
    eceAfter: expectedCalibrationError(applyCalibratorToAll(calibrator, scores), labels),
    eceAfterCrossValidated: crossValidatedEce(scores, labels, fit, options.seed ?? 0, fewest),
  };
  return { calibrator, report };
}

function crossValidatedEce(scores: Float64Array, labels: Float64Array, fit: (scores: Float64Array, labels: Float64Array) => Calibrator, seed: number, fewest: number): number | null {
  const folds = CALIBRATOR_CHOICE_DEFAULTS.crossValidationFolds;
  // Each training part needs both outcomes, and each fold at least one row of each.
  if (fewest < folds) return null;
  const outOfFold = new Float64Array(scores.length);
  for (const fold of stratifiedKFold(labels, { folds, seed })) {
    const calibrator = fit(gather(scores, fold.train), gather(labels, fold.train));
    const calibrated = applyCalibratorToAll(calibrator, gather(scores, fold.validation));
    fold.validation.forEach((row, index) => (outOfFold[row] = calibrated[index]!));
  }
  return expectedCalibrationError(outOfFold, labels);
}
