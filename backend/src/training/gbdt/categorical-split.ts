import { HISTOGRAM_STRIDE } from './histogram.ts';
import { BIN_SIDES, MAX_FEATURE_BINS, setSides, sidesAllowed, UNSEEN_CODE_BIN, type SplitCandidate, type SplitRules } from './split-candidate.ts';

/** Scratch for ordering one feature's categories; one per training run. */
export interface CategoryScratch {
  order: Int32Array;
  ratios: Float64Array;
}

export function createCategoryScratch(): CategoryScratch {
  return { order: new Int32Array(MAX_FEATURE_BINS), ratios: new Float64Array(MAX_FEATURE_BINS) };
}

/**
 * Finds the best partition of one categorical feature's categories, as LightGBM does: the
 * categories the node has rows of (missing among them, so it finds its side like any category)
 * are ordered by gradient / (hessian + catSmooth), and the best cut of that order is the best
 * split into two groups (for squared-error gains the optimal partition is always a cut of this
 * order, so no subset search is needed). At most `maxCatThreshold` categories are taken from
 * either end, and categorical gains carry the extra `catL2`, because a free choice of groups fits
 * noise more easily than a threshold does. Updates `best` when this feature beats it.
 */
export function scanCategoricalFeature(
  histogram: Float64Array,
  start: number,
  binCount: number,
  feature: number,
  rules: SplitRules,
  scratch: CategoryScratch,
  best: SplitCandidate,
): void {
  const { order, ratios } = scratch;
  let seenCount = 0;
  let totalG = 0;
  let totalH = 0;
  let totalC = 0;
  for (let bin = 0; bin < binCount; bin++) {
    const slot = start + bin * HISTOGRAM_STRIDE;
    const count = histogram[slot + 2]!;
    if (count === 0) continue;
    const g = histogram[slot]!;
    const h = histogram[slot + 1]!;
    order[seenCount++] = bin;
    ratios[bin] = g / (h + rules.catSmooth);
    totalG += g;
    totalH += h;
    totalC += count;
  }
  if (seenCount < 2) return;
  const sorted = order.subarray(0, seenCount);
  // Ties are broken by bin so that the order, and the model, never depends on the sort's internals.
  sorted.sort((a, b) => ratios[a]! - ratios[b]! || a - b);

  const lambda = rules.lambda + rules.catL2;
  const parentScore = (totalG * totalG) / (totalH + lambda);
  const limit = Math.min(seenCount - 1, rules.maxCatThreshold);
  let bestGain = best.gain;
  let bestLength = 0;
  let bestFromEnd = false;
  // From the end only adds partitions when the limit cuts the scan short of the whole order.
  const directions = seenCount - 1 > rules.maxCatThreshold ? 2 : 1;
  for (let direction = 0; direction < directions; direction++) {
    let leftG = 0;
    let leftH = 0;
    let leftC = 0;
    for (let length = 1; length <= limit; length++) {
      const bin = sorted[direction === 0 ? length - 1 : seenCount - length]!;
      const slot = start + bin * HISTOGRAM_STRIDE;
      leftG += histogram[slot]!;
      leftH += histogram[slot + 1]!;
      leftC += histogram[slot + 2]!;
      const rightG = totalG - leftG;
      const rightH = totalH - leftH;
      const rightC = totalC - leftC;
      if (!sidesAllowed(rules, leftH, leftC, rightH, rightC)) continue;
      const gain = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (rightH + lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestLength = length;
        bestFromEnd = direction === 1;
      }
    }
  }
  if (bestLength === 0) return;

  const sides = best.binSides;
  sides.fill(BIN_SIDES.unseen);
  for (let index = 0; index < seenCount; index++) sides[sorted[index]!] = BIN_SIDES.right;
  let leftG = 0;
  let leftH = 0;
  let leftC = 0;
  for (let length = 1; length <= bestLength; length++) {
    const bin = sorted[bestFromEnd ? seenCount - length : length - 1]!;
    const slot = start + bin * HISTOGRAM_STRIDE;
    sides[bin] = BIN_SIDES.left;
    leftG += histogram[slot]!;
    leftH += histogram[slot + 1]!;
    leftC += histogram[slot + 2]!;
  }
  setSides(best, leftG, leftH, leftC, totalG - leftG, totalH - leftH, totalC - leftC);
  best.gain = bestGain;
  best.feature = feature;
  best.categorical = true;
  best.thresholdBin = 0;
  best.unseenGoesLeft = leftH >= totalH - leftH;
  best.missingGoesLeft = sides[0] === BIN_SIDES.unseen ? best.unseenGoesLeft : sides[0] === BIN_SIDES.left;
  const goesLeft = best.goesLeft;
  for (let bin = 0; bin < MAX_FEATURE_BINS; bin++) {
    const side = sides[bin]!;
    goesLeft[bin] = side === BIN_SIDES.left || (side === BIN_SIDES.unseen && best.unseenGoesLeft) ? 1 : 0;
  }
  goesLeft[UNSEEN_CODE_BIN] = best.unseenGoesLeft ? 1 : 0;
}
