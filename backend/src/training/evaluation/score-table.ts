/**
 * Predictions reduced to their distinct scores, lowest first, with how many positives and
 * negatives have each score. Every rank-based result (ROC and PR curves and their areas, the F1
 * threshold, calibration bins, lift) is a walk over this table, so ties are handled once and the
 * same way everywhere: rows with the same score are never told apart, since the model cannot
 * tell them apart either.
 *
 * Each class is sorted on its own with the typed array's native numeric sort and the two are
 * merged, which avoids sorting row indices with a comparator function (several times slower).
 */
export interface ScoreTable {
  /** Distinct scores, ascending. */
  scores: Float64Array;
  /** Positives with `scores[k]`. */
  positives: Float64Array;
  /** Negatives with `scores[k]`. */
  negatives: Float64Array;
  positiveTotal: number;
  negativeTotal: number;
}

/** Builds the table from checked predictions (labels exactly 1 or 0, scores finite). */
export function buildScoreTable(scores: Float64Array, labels: Float64Array): ScoreTable {
  let positiveTotal = 0;
  for (const label of labels) if (label === 1) positiveTotal += 1;
  const positiveScores = new Float64Array(positiveTotal);
  const negativeScores = new Float64Array(scores.length - positiveTotal);
  let nextPositive = 0;
  let nextNegative = 0;
  for (let index = 0; index < scores.length; index += 1) {
    if (labels[index] === 1) positiveScores[nextPositive++] = scores[index]!;
    else negativeScores[nextNegative++] = scores[index]!;
  }
  positiveScores.sort();
  negativeScores.sort();

  const distinct = new Float64Array(scores.length);
  const positives = new Float64Array(scores.length);
  const negatives = new Float64Array(scores.length);
  let size = 0;
  let p = 0;
  let n = 0;
  while (p < positiveScores.length || n < negativeScores.length) {
    const score = Math.min(p < positiveScores.length ? positiveScores[p]! : Infinity, n < negativeScores.length ? negativeScores[n]! : Infinity);
    let positiveCount = 0;
    let negativeCount = 0;
    while (p < positiveScores.length && positiveScores[p] === score) {
      positiveCount += 1;
      p += 1;
    }
    while (n < negativeScores.length && negativeScores[n] === score) {
      negativeCount += 1;
      n += 1;
    }
    distinct[size] = score;
    positives[size] = positiveCount;
    negatives[size] = negativeCount;
    size += 1;
  }
  return {
    scores: distinct.slice(0, size),
    positives: positives.slice(0, size),
    negatives: negatives.slice(0, size),
    positiveTotal,
    negativeTotal: scores.length - positiveTotal,
  };
}

/**
 * Splits the table's entries, taken in `order` (ascending or descending score), into at most
 * `groupCount` groups of about equal row counts. A group ends at the first entry that reaches its
 * share of rows, so a run of tied scores stays in one group; when one score holds more rows than a
 * group's share, fewer groups come out. Returns each group's entry range in the table's index space.
 */
export function equalFrequencyGroups(table: ScoreTable, groupCount: number, order: 'ascending' | 'descending'): { from: number; to: number }[] {
  const size = table.scores.length;
  const total = table.positiveTotal + table.negativeTotal;
  const groups: { from: number; to: number }[] = [];
  let cumulative = 0;
  let boundary = 1;
  let start = 0;
  for (let step = 0; step < size; step += 1) {
    const entry = order === 'ascending' ? step : size - 1 - step;
    cumulative += table.positives[entry]! + table.negatives[entry]!;
    const isLast = step === size - 1;
    if (cumulative >= Math.round((boundary * total) / groupCount) || isLast) {
      groups.push(order === 'ascending' ? { from: start, to: step + 1 } : { from: size - 1 - step, to: size - start });
      start = step + 1;
      while (boundary < groupCount && cumulative >= Math.round((boundary * total) / groupCount)) boundary += 1;
    }
  }
  return groups;
}
