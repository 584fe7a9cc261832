/**
 * The area under the ROC curve of a score against a yes/no outcome: the chance that a random
 * positive row scores higher than a random negative one, ties counting half (Mann-Whitney U).
 */

/** AUC of values given for positive and negative rows, both sorted ascending. */
export function aucOfSortedSamples(positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  let below = 0;
  let equal = 0;
  let sum = 0;
  for (let i = 0; i < positives.length; i++) {
    const value = positives[i]!;
    if (i === 0 || value !== positives[i - 1]) {
      below += equal;
      equal = 0;
      while (below < negatives.length && negatives[below]! < value) below++;
      while (below + equal < negatives.length && negatives[below + equal] === value) equal++;
    }
    sum += below + equal / 2;
  }
  return sum / (positives.length * negatives.length);
}

export interface ScoreGroup {
  score: number;
  positives: number;
  negatives: number;
}

/** AUC of rows grouped by score; groups may repeat a score. */
export function aucOfGroups(groups: ScoreGroup[]): number {
  const sorted = [...groups].sort((a, b) => a.score - b.score);
  let positives = 0;
  let negatives = 0;
  for (const group of sorted) {
    positives += group.positives;
    negatives += group.negatives;
  }
  let negativesBelow = 0;
  let sum = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    let tiedPositives = 0;
    let tiedNegatives = 0;
    while (end < sorted.length && sorted[end]!.score === sorted[start]!.score) {
      tiedPositives += sorted[end]!.positives;
      tiedNegatives += sorted[end]!.negatives;
      end++;
    }
    sum += tiedPositives * (negativesBelow + tiedNegatives / 2);
    negativesBelow += tiedNegatives;
    start = end;
  }
  return sum / (positives * negatives);
}
