/**
 * Calibration: Platt scaling and isotonic regression fitted on validation scores, stored as JSON,
 * applied to raw scores or probabilities, and chosen by the amount of validation data, with the
 * expected calibration error before and after.
 */
export { fitCalibrator, calibrationReportSchema, CALIBRATOR_CHOICE_DEFAULTS } from './choose-calibrator.ts';
export type { CalibrationReport, FitCalibratorOptions } from './choose-calibrator.ts';
export { fitPlattScaling } from './platt-scaling.ts';
export { fitIsotonicRegression, ISOTONIC_PROBABILITY_FLOOR } from './isotonic-regression.ts';
export { applyCalibrator, applyCalibratorToAll, isotonicAsRamps } from './apply-calibrator.ts';
export {
  CALIBRATION_METHODS,
  CALIBRATOR_INPUTS,
  calibratorSchema,
  isotonicCalibratorSchema,
  parseCalibrator,
  plattCalibratorSchema,
} from './calibrator-model.ts';
export type { CalibrationMethod, Calibrator, CalibratorInput, IsotonicCalibrator, PlattCalibrator } from './calibrator-model.ts';
