import { z } from 'zod';
import { ValidationError } from '../../errors.ts';
import { calibrationCurveFromTable, DEFAULT_CALIBRATION_BINS } from './calibration-curve.ts';
import { DEFAULT_CURVE_POINTS, precisionRecallCurveFromTable, rocCurveFromTable } from './curves.ts';
import { DEFAULT_LIFT_GROUPS, liftTableFromTable } from './lift-table.ts';
import { brierScoreOfChecked, LOG_LOSS_CLIP, logLossOfChecked } from './probability-losses.ts';
import { averagePrecisionFromTable, rocAucFromTable } from './ranking-metrics.ts';
import { buildScoreTable } from './score-table.ts';
import { f1ThresholdFromTable, THRESHOLD_RULES } from './threshold-metrics.ts';
import { checkBothOutcomes, checkPredictions } from './validate-predictions.ts';

/**
 * Everything measured on one set of holdout predictions, as one JSON object: stored with the run,
 * shown beside other runs, and handed to the registry as evidence for a promotion. The numbers are
 * plain JSON numbers (never NaN or Infinity), checked by the schema below.
 */

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);
const probability = share;

export const confusionMatrixSchema = z.object({ truePositives: count, falsePositives: count, trueNegatives: count, falseNegatives: count });

export const thresholdMetricsSchema = z.object({
  rule: z.enum(THRESHOLD_RULES),
  /** Rows with probability >= threshold are called positive. */
  threshold: probability,
  precision: share,
  recall: share,
  f1: share,
  accuracy: share,
  confusionMatrix: confusionMatrixSchema,
});

export const rocPointSchema = z.object({ threshold: probability.nullable(), falsePositiveRate: share, truePositiveRate: share });
export const precisionRecallPointSchema = z.object({ threshold: probability.nullable(), recall: share, precision: share });

export const calibrationBinSchema = z.object({
  count: count.min(1),
  positives: count,
  meanPredicted: probability,
  observedRate: share,
  minPredicted: probability,
  maxPredicted: probability,
});

export const liftRowSchema = z.object({
  group: z.number().int().min(1),
  count: count.min(1),
  positives: count,
  positiveRate: share,
  lift: z.number().nonnegative(),
  cumulativeCount: count,
  cumulativePositives: count,
  cumulativeShareOfRows: share,
  cumulativeGain: share,
  cumulativeLift: z.number().nonnegative(),
  minScore: probability,
  maxScore: probability,
});

export const evaluationReportSchema = z.object({
  formatVersion: z.literal(1),
  rowCount: count.min(2),
  positiveCount: count.min(1),
  negativeCount: count.min(1),
  positiveRate: share,
  rocAuc: share,
  /** Average precision (see ranking-metrics.ts). */
  prAuc: share,
  /** Natural log, probabilities clipped to [logLossClip, 1 - logLossClip]. */
  logLoss: z.number().nonnegative(),
  logLossClip: z.number().positive(),
  brierScore: share,
  threshold: thresholdMetricsSchema,
  rocCurve: z.array(rocPointSchema).min(2),
  precisionRecallCurve: z.array(precisionRecallPointSchema).min(2),
  calibration: z.object({
    binning: z.literal('equalFrequency'),
    requestedBins: z.number().int().min(1),
    bins: z.array(calibrationBinSchema).min(1),
    expectedCalibrationError: share,
  }),
  lift: z.object({ requestedGroups: z.number().int().min(1), rows: z.array(liftRowSchema).min(1) }),
});

export type EvaluationReport = z.infer<typeof evaluationReportSchema>;

export interface EvaluateOptions {
  /** Most points kept per curve. Default 200. */
  curvePoints?: number;
  /** Default 10. */
  calibrationBins?: number;
  /** Default 10 (deciles). */
  liftGroups?: number;
}

/**
 * Evaluates probabilities against known outcomes (1 or 0). Needs at least one row of each
 * outcome; NaN labels or probabilities, a length mismatch or empty input throw (see
 * validate-predictions.ts). The probabilities should be the ones users will see, that is after
 * calibration, on rows the model and the calibrator never saw.
 */
export function evaluatePredictions(probabilities: Float64Array, labels: Float64Array, options: EvaluateOptions = {}): EvaluationReport {
  const counts = checkPredictions(probabilities, labels, 'holdout predictions');
  checkBothOutcomes(counts, 'holdout predictions');
  const calibrationBins = options.calibrationBins ?? DEFAULT_CALIBRATION_BINS;
  const liftGroups = options.liftGroups ?? DEFAULT_LIFT_GROUPS;
  const curvePoints = options.curvePoints ?? DEFAULT_CURVE_POINTS;
  const table = buildScoreTable(probabilities, labels);
  const calibration = calibrationCurveFromTable(table, calibrationBins);
  return {
    formatVersion: 1,
    rowCount: probabilities.length,
    positiveCount: counts.positives,
    negativeCount: counts.negatives,
    positiveRate: counts.positives / probabilities.length,
    rocAuc: rocAucFromTable(table),
    prAuc: averagePrecisionFromTable(table),
    logLoss: logLossOfChecked(probabilities, labels),
    logLossClip: LOG_LOSS_CLIP,
    brierScore: brierScoreOfChecked(probabilities, labels),
    threshold: { rule: THRESHOLD_RULES.maxF1, ...f1ThresholdFromTable(table) },
    rocCurve: rocCurveFromTable(table, curvePoints),
    precisionRecallCurve: precisionRecallCurveFromTable(table, curvePoints),
    calibration: { binning: 'equalFrequency', requestedBins: calibrationBins, bins: calibration.bins, expectedCalibrationError: calibration.expectedCalibrationError },
    lift: { requestedGroups: liftGroups, rows: liftTableFromTable(table, liftGroups) },
  };
}

/** Reads a report back (from the database, a file, another service), naming every bad field. */
export function parseEvaluationReport(value: unknown): EvaluationReport {
  const result = evaluationReportSchema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ field: ['evaluation', ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new ValidationError(`Invalid evaluation report: ${details[0]!.field}: ${details[0]!.message}`, details);
}
