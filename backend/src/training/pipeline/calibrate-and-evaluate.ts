import { applyCalibratorToAll, fitCalibrator, type CalibrationReport, type Calibrator } from '../calibration/index.ts';
import { evaluatePredictions, selectLabeled, type EvaluationReport } from '../evaluation/index.ts';

export interface ScoredRows {
  /** The model's raw scores (log-odds). */
  raw: Float64Array;
  /** 1, 0 or NaN (unlabeled rows are dropped). */
  labels: Float64Array;
}

/**
 * The calibrator of a model, fitted on its raw scores of the validation rows: rows it was not
 * fitted on, and never the holdout, so that the holdout stays an honest judge of the calibrated
 * probabilities.
 */
export function fitValidationCalibrator(validation: ScoredRows, seed: number): { calibrator: Calibrator; calibration: CalibrationReport } {
  const labeled = selectLabeled(validation.raw, validation.labels);
  const { calibrator, report } = fitCalibrator(labeled.scores, labeled.labels, { seed });
  return { calibrator, calibration: report };
}

/** The holdout report of the calibrated probabilities: the numbers a user will see are the calibrated ones. */
export function evaluateCalibrated(calibrator: Calibrator, holdout: ScoredRows): EvaluationReport {
  const labeled = selectLabeled(holdout.raw, holdout.labels);
  return evaluatePredictions(applyCalibratorToAll(calibrator, labeled.scores), labeled.labels);
}
