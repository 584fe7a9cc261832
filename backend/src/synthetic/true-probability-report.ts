import { rocAuc, ScoreCollector } from './roc-auc.ts';
import { outcomeOf, TRUE_PROBABILITY_FIELD, type SyntheticRecord } from './synthetic-records.ts';

export interface TrueProbabilityReport {
  /**
   * AUC of the true probabilities against the drawn outcomes: what a perfect model would reach on
   * these rows, and so the upper bound for any model trained on them (up to sampling noise).
   */
  auc: number;
  positives: number;
  negatives: number;
  /** Open opportunities, which have no outcome yet and are left out of the AUC. */
  withoutOutcome: number;
  /** Mean true probability of the rows with an outcome; close to the positive share. */
  meanProbability: number;
}

/** Measures the true probabilities of generated rows (duplicates count as the rows they are). */
export function trueProbabilityReport(batches: Iterable<readonly SyntheticRecord[]>): TrueProbabilityReport {
  const positives = new ScoreCollector();
  const negatives = new ScoreCollector();
  let withoutOutcome = 0;
  let probabilitySum = 0;
  for (const batch of batches) {
    for (const record of batch) {
      const outcome = outcomeOf(record);
      const probability = record[TRUE_PROBABILITY_FIELD];
      if (outcome === null) {
        withoutOutcome++;
        continue;
      }
      probabilitySum += probability;
      (outcome ? positives : negatives).add(probability);
    }
  }
  const withOutcome = positives.length + negatives.length;
  return {
    auc: rocAuc(positives.toArray(), negatives.toArray()),
    positives: positives.length,
    negatives: negatives.length,
    withoutOutcome,
    meanProbability: withOutcome === 0 ? Number.NaN : probabilitySum / withOutcome,
  };
}
