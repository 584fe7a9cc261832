/**
 * Evaluation of holdout predictions (AUC, average precision, log loss, Brier score, the F1
 * threshold with its confusion matrix, ROC and PR curves, calibration, lift) as one JSON report,
 * and the splits that produce holdouts: stratified k-fold and the most recent 20% by date.
 */
export { evaluatePredictions, evaluationReportSchema, parseEvaluationReport } from './evaluation-report.ts';
export type { EvaluateOptions, EvaluationReport } from './evaluation-report.ts';
export { rocAuc, averagePrecision } from './ranking-metrics.ts';
export { brierScore, logLoss, LOG_LOSS_CLIP } from './probability-losses.ts';
export { chooseF1Threshold, metricsAtThreshold, THRESHOLD_RULES } from './threshold-metrics.ts';
export type { ConfusionMatrix, ThresholdMetrics, ThresholdRule } from './threshold-metrics.ts';
export { DEFAULT_CURVE_POINTS, downsampleCurve, precisionRecallCurve, rocCurve } from './curves.ts';
export type { PrecisionRecallPoint, RocPoint } from './curves.ts';
export { calibrationCurve, DEFAULT_CALIBRATION_BINS, expectedCalibrationError } from './calibration-curve.ts';
export type { CalibrationBin, CalibrationCurve } from './calibration-curve.ts';
export { DEFAULT_LIFT_GROUPS, liftTable } from './lift-table.ts';
export type { LiftRow } from './lift-table.ts';
export { checkPredictions, gather, selectLabeled } from './validate-predictions.ts';
export type { OutcomeCounts } from './validate-predictions.ts';
export { stratifiedKFold } from './stratified-k-fold.ts';
export type { Fold, StratifiedKFoldOptions } from './stratified-k-fold.ts';
export { timeHoldoutSplit } from './time-holdout-split.ts';
export type { TimeHoldoutOptions, TimeHoldoutSplit } from './time-holdout-split.ts';
