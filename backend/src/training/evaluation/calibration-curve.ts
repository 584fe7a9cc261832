import { ValidationError } from '../../errors.ts';
import { buildScoreTable, equalFrequencyGroups, type ScoreTable } from './score-table.ts';
import { checkPredictions } from './validate-predictions.ts';

export const DEFAULT_CALIBRATION_BINS = 10;

/** Rows whose predicted probabilities fall together: what the model said against what happened. */
export interface CalibrationBin {
  count: number;
  positives: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
}

export interface CalibrationCurve {
  /** Lowest probabilities first. */
  bins: CalibrationBin[];
  /** Mean over rows of |observed rate - mean predicted| of the row's bin. */
  expectedCalibrationError: number;
}

/**
 * Equal-frequency bins (about a tenth of the rows each), not equal-width ones: scores of CRM
 * models crowd near the base rate, and equal-width bins would leave most bins nearly empty and
 * their rates noisy. Tied probabilities stay in one bin (see `equalFrequencyGroups`), so a model
 * with few distinct scores gets fewer bins. The error computed from such bins is sometimes called
 * adaptive ECE.
 */
export function calibrationCurve(probabilities: Float64Array, labels: Float64Array, binCount = DEFAULT_CALIBRATION_BINS): CalibrationCurve {
  checkPredictions(probabilities, labels);
  return calibrationCurveFromTable(buildScoreTable(probabilities, labels), binCount);
}

export function expectedCalibrationError(probabilities: Float64Array, labels: Float64Array, binCount = DEFAULT_CALIBRATION_BINS): number {
  return calibrationCurve(probabilities, labels, binCount).expectedCalibrationError;
}

export function calibrationCurveFromTable(table: ScoreTable, binCount = DEFAULT_CALIBRATION_BINS): CalibrationCurve {
  checkGroupCount(binCount, 'binCount');
  const total = table.positiveTotal + table.negativeTotal;
  const bins: CalibrationBin[] = [];
  let error = 0;
  for (const { from, to } of equalFrequencyGroups(table, binCount, 'ascending')) {
    let count = 0;
    let positives = 0;
    let predictedSum = 0;
    for (let entry = from; entry < to; entry += 1) {
      const rows = table.positives[entry]! + table.negatives[entry]!;
      count += rows;
      positives += table.positives[entry]!;
      predictedSum += rows * table.scores[entry]!;
    }
    const bin = { count, positives, meanPredicted: predictedSum / count, observedRate: positives / count, minPredicted: table.scores[from]!, maxPredicted: table.scores[to - 1]! };
    bins.push(bin);
    error += (count / total) * Math.abs(bin.observedRate - bin.meanPredicted);
  }
  return { bins, expectedCalibrationError: error };
}

export function checkGroupCount(count: number, field: string): void {
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new ValidationError(`${field} must be a whole number from 1 to 1000, not ${count}`, [{ field, message: 'a whole number from 1 to 1000' }]);
  }
}
