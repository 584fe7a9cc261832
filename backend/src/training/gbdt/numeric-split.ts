import { HISTOGRAM_STRIDE } from './histogram.ts';
import { setSides, sidesAllowed, type SplitCandidate, type SplitRules } from './split-candidate.ts';

/**
 * Scans one numeric feature's histogram for the best threshold, trying the missing values on
 * each side of every threshold and keeping the better: that is how missing values learn their
 * direction. Bin 0 holds the missing rows; a threshold after the last bin (every present value
 * left, missing right) is the split "missing or not". Updates `best` when this feature beats it.
 */
export function scanNumericFeature(histogram: Float64Array, start: number, binCount: number, feature: number, rules: SplitRules, best: SplitCandidate): void {
  const lambda = rules.lambda;
  const missingG = histogram[start]!;
  const missingH = histogram[start + 1]!;
  const missingC = histogram[start + 2]!;
  let totalG = 0;
  let totalH = 0;
  let totalC = 0;
  for (let bin = 1; bin < binCount; bin++) {
    const slot = start + bin * HISTOGRAM_STRIDE;
    totalG += histogram[slot]!;
    totalH += histogram[slot + 1]!;
    totalC += histogram[slot + 2]!;
  }
  if (totalC === 0) return;
  const parentScore = square(totalG + missingG) / (totalH + missingH + lambda);

  let bestGain = best.gain;
  let bestBin = -1;
  let bestMissingLeft = false;
  let leftG = 0;
  let leftH = 0;
  let leftC = 0;
  for (let bin = 1; bin < binCount; bin++) {
    const slot = start + bin * HISTOGRAM_STRIDE;
    const count = histogram[slot + 2]!;
    if (count === 0) continue;
    leftG += histogram[slot]!;
    leftH += histogram[slot + 1]!;
    leftC += count;
    const rightG = totalG - leftG;
    const rightH = totalH - leftH;
    const rightC = totalC - leftC;
    if (sidesAllowed(rules, leftH, leftC, rightH + missingH, rightC + missingC)) {
      const gain = square(leftG) / (leftH + lambda) + square(rightG + missingG) / (rightH + missingH + lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = bin;
        bestMissingLeft = false;
      }
    }
    if (missingC > 0 && sidesAllowed(rules, leftH + missingH, leftC + missingC, rightH, rightC)) {
      const gain = square(leftG + missingG) / (leftH + missingH + lambda) + square(rightG) / (rightH + lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = bin;
        bestMissingLeft = true;
      }
    }
  }
  if (bestBin < 0) return;

  // The winner's sides are summed again rather than carried through the loop, which keeps the loop lean.
  let sideG = 0;
  let sideH = 0;
  let sideC = 0;
  for (let bin = 1; bin <= bestBin; bin++) {
    const slot = start + bin * HISTOGRAM_STRIDE;
    if (histogram[slot + 2] === 0) continue;
    sideG += histogram[slot]!;
    sideH += histogram[slot + 1]!;
    sideC += histogram[slot + 2]!;
  }
  const rightG = totalG - sideG;
  const rightH = totalH - sideH;
  const rightC = totalC - sideC;
  if (bestMissingLeft) setSides(best, sideG + missingG, sideH + missingH, sideC + missingC, rightG, rightH, rightC);
  else setSides(best, sideG, sideH, sideC, rightG + missingG, rightH + missingH, rightC + missingC);

  best.gain = bestGain;
  best.feature = feature;
  best.categorical = false;
  best.thresholdBin = bestBin;
  // With no missing rows in the node, both directions scored alike; unseen missing values then
  // follow the majority of the training rows, as in scikit-learn.
  best.missingGoesLeft = missingC > 0 ? bestMissingLeft : best.leftHessian >= best.rightHessian;
  best.unseenGoesLeft = best.missingGoesLeft;
  const goesLeft = best.goesLeft;
  goesLeft.fill(0);
  goesLeft.fill(1, 1, bestBin + 1);
  goesLeft[0] = best.missingGoesLeft ? 1 : 0;
}

function square(value: number): number {
  return value * value;
}
