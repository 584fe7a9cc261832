import { checkBothOutcomes, checkScores, type OutcomeCounts } from '../evaluation/validate-predictions.ts';
import { logit, sigmoid } from '../linear/logistic-functions.ts';
import { CALIBRATOR_INPUTS, type CalibratorInput } from './calibrator-model.ts';

/**
 * Checks the validation rows a calibrator is fitted on: raw scores must be finite, probabilities
 * in [0, 1], labels 1 or 0, both outcomes present, as many labels as scores.
 */
export function checkCalibrationData(scores: Float64Array, labels: Float64Array, input: CalibratorInput): OutcomeCounts {
  const what = 'calibration scores';
  const counts = checkScores(scores, labels, { what, range: input === CALIBRATOR_INPUTS.probability ? 'probability' : 'raw' });
  checkBothOutcomes(counts, what);
  return counts;
}

/** The model's own probability before calibration: sigmoid of a raw score, or the probability itself. */
export function uncalibratedProbability(score: number, input: CalibratorInput): number {
  return input === CALIBRATOR_INPUTS.raw ? sigmoid(score) : score;
}

/** The log-odds Platt scaling works on: the raw score itself, or the logit of a probability (clipped so that 0 and 1 stay finite). */
export function logOddsOf(score: number, input: CalibratorInput): number {
  return input === CALIBRATOR_INPUTS.raw ? score : logit(score);
}
