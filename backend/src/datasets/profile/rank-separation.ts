import { aucOfSortedSamples } from './auc.ts';
import { createNumberReservoir } from './reservoir.ts';

/**
 * How well a numeric or date column alone ranks positives above negatives (or below). Each outcome
 * keeps its own uniform sample of values: AUC does not depend on how many rows of each outcome
 * there are, so sampling each outcome separately keeps the rarer one fully represented.
 */

export const MIN_ROWS_PER_OUTCOME = 10;

export interface RankSeparation {
  auc: number;
  direction: 'higher_is_positive' | 'lower_is_positive';
}

export function createRankSeparation(sampleSize: number, seed: number) {
  const positives = createNumberReservoir(sampleSize, seed);
  const negatives = createNumberReservoir(sampleSize, seed + 1);
  return {
    add(value: number, positive: boolean): void {
      (positive ? positives : negatives).add(value);
    },
    finish(): RankSeparation | null {
      if (positives.seen < MIN_ROWS_PER_OUTCOME || negatives.seen < MIN_ROWS_PER_OUTCOME) return null;
      const auc = aucOfSortedSamples(positives.sorted(), negatives.sorted());
      return auc >= 0.5 ? { auc, direction: 'higher_is_positive' } : { auc: 1 - auc, direction: 'lower_is_positive' };
    },
  };
}
