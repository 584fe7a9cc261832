/**
 * Area under the ROC curve from ranks (the Mann-Whitney statistic), ties sharing their average
 * rank. The tests' own small helper, so that a model's quality is judged by code that shares
 * nothing with the trainer.
 */
export function rankAuc(scores: Float64Array, labels: Float64Array): number {
  const order = Array.from({ length: scores.length }, (_, index) => index).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let positiveRankSum = 0;
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++) {
      if (labels[order[index]!] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = scores.length - positives;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
