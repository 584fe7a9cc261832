import type { BinnedMatrix } from './binned-matrix.ts';
import { scanCategoricalFeature, type CategoryScratch } from './categorical-split.ts';
import { HISTOGRAM_STRIDE, type HistogramLayout } from './histogram.ts';
import { scanNumericFeature } from './numeric-split.ts';
import { resetCandidate, type SplitCandidate, type SplitRules } from './split-candidate.ts';

/**
 * The best split of a leaf over the tree's sampled features, from the leaf's histogram alone.
 * Features are scanned in index order and only a strictly better gain replaces the best, so ties
 * go to the lower feature index and the tree is the same on every run.
 */
export function findBestSplit(
  histogram: Float64Array,
  layout: HistogramLayout,
  binned: BinnedMatrix,
  features: Int32Array,
  rules: SplitRules,
  scratch: CategoryScratch,
  best: SplitCandidate,
): void {
  resetCandidate(best, rules);
  for (let position = 0; position < features.length; position++) {
    const feature = features[position]!;
    const binning = binned.features[feature]!;
    if (binning.binCount < 2) continue;
    const start = layout.offsets[feature]! * HISTOGRAM_STRIDE;
    if (binning.kind === 'numeric') scanNumericFeature(histogram, start, binning.binCount, feature, rules, best);
    else scanCategoricalFeature(histogram, start, binning.binCount, feature, rules, scratch, best);
  }
}
