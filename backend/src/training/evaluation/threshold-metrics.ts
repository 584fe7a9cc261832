import { buildScoreTable, type ScoreTable } from './score-table.ts';
import { checkBothOutcomes, checkPredictions } from './validate-predictions.ts';

/** How the reported decision threshold is chosen. Only one rule so far; the report names it. */
export const THRESHOLD_RULES = Object.freeze({
  /** The threshold with the highest F1 on the holdout, as Dynamics 365 does; ties go to the higher threshold. */
  maxF1: 'maxF1',
} as const);
export type ThresholdRule = (typeof THRESHOLD_RULES)[keyof typeof THRESHOLD_RULES];

export interface ConfusionMatrix {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

/** Classification quality when every row with `probability >= threshold` is called positive. */
export interface ThresholdMetrics {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  confusionMatrix: ConfusionMatrix;
}

/**
 * The F1-maximising threshold. Candidates are the distinct predicted probabilities, each meaning
 * "positive when probability >= this value", so the reported numbers are exactly what that rule
 * gives on these rows. Among equal F1 values the highest threshold wins: it calls fewer records
 * positive for the same quality, and the choice does not depend on row order.
 */
export function chooseF1Threshold(probabilities: Float64Array, labels: Float64Array): ThresholdMetrics {
  const counts = checkPredictions(probabilities, labels);
  checkBothOutcomes(counts, 'predictions');
  return f1ThresholdFromTable(buildScoreTable(probabilities, labels));
}

export function f1ThresholdFromTable(table: ScoreTable): ThresholdMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let bestF1 = -1;
  let best = { entry: -1, truePositives: 0, falsePositives: 0 };
  // From the highest score down, so that a strictly better F1 is needed to move to a lower threshold.
  for (let entry = table.scores.length - 1; entry >= 0; entry -= 1) {
    truePositives += table.positives[entry]!;
    falsePositives += table.negatives[entry]!;
    // 2TP / (2TP + FP + FN) with FN = P - TP. Equal fractions of whole numbers divide to the same
    // double (division is correctly rounded), so ties are recognised exactly.
    const f1 = (2 * truePositives) / (truePositives + falsePositives + table.positiveTotal);
    if (f1 > bestF1) {
      bestF1 = f1;
      best = { entry, truePositives, falsePositives };
    }
  }
  return summarize(table.scores[best.entry]!, best.truePositives, best.falsePositives, table.positiveTotal, table.negativeTotal);
}

/** The same numbers at a threshold of the caller's choice (probability >= threshold is positive). */
export function metricsAtThreshold(probabilities: Float64Array, labels: Float64Array, threshold: number): ThresholdMetrics {
  const counts = checkPredictions(probabilities, labels);
  let truePositives = 0;
  let falsePositives = 0;
  for (let index = 0; index < probabilities.length; index += 1) {
    if (probabilities[index]! >= threshold) {
      if (labels[index] === 1) truePositives += 1;
      else falsePositives += 1;
    }
  }
  return summarize(threshold, truePositives, falsePositives, counts.positives, counts.negatives);
}

/** Precision, recall and F1 are 0 where their denominator is 0 (nothing predicted or no positives), as scikit-learn reports them. */
function summarize(threshold: number, truePositives: number, falsePositives: number, positives: number, negatives: number): ThresholdMetrics {
  const falseNegatives = positives - truePositives;
  const trueNegatives = negatives - falsePositives;
  const predicted = truePositives + falsePositives;
  const f1Denominator = 2 * truePositives + falsePositives + falseNegatives;
  return {
    threshold,
    precision: predicted === 0 ? 0 : truePositives / predicted,
    recall: positives === 0 ? 0 : truePositives / positives,
    f1: f1Denominator === 0 ? 0 : (2 * truePositives) / f1Denominator,
    accuracy: (truePositives + trueNegatives) / (positives + negatives),
    confusionMatrix: { truePositives, falsePositives, trueNegatives, falseNegatives },
  };
}
