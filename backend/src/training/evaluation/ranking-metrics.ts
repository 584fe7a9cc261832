import { buildScoreTable, type ScoreTable } from './score-table.ts';
import { checkBothOutcomes, checkScores } from './validate-predictions.ts';

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative,
 * a tie counting half (the Mann-Whitney statistic). Any finite scores work (probabilities,
 * log-odds), since only their order matters.
 */
export function rocAuc(scores: Float64Array, labels: Float64Array): number {
  return rocAucFromTable(checkedTable(scores, labels));
}

/**
 * Average precision, the usual estimate of the area under the precision-recall curve:
 * sum over distinct thresholds, highest first, of (recall gained) x (precision there). Tied
 * scores form one threshold, as in scikit-learn's `average_precision_score`. Unlike a trapezoid
 * under the PR curve it does not interpolate, which would be optimistic.
 */
export function averagePrecision(scores: Float64Array, labels: Float64Array): number {
  return averagePrecisionFromTable(checkedTable(scores, labels));
}

/**
 * Walking from the highest score down, each negative is outranked by every positive already
 * passed and tied with the positives of its own score (which count half). The counts are whole
 * numbers and halves, exact in doubles up to 2^52, so the only rounding is the final division.
 */
export function rocAucFromTable(table: ScoreTable): number {
  let positivesAbove = 0;
  let wins = 0;
  for (let entry = table.scores.length - 1; entry >= 0; entry -= 1) {
    const positives = table.positives[entry]!;
    wins += table.negatives[entry]! * (positivesAbove + positives / 2);
    positivesAbove += positives;
  }
  return wins / (table.positiveTotal * table.negativeTotal);
}

export function averagePrecisionFromTable(table: ScoreTable): number {
  let truePositives = 0;
  let predictedPositives = 0;
  let sum = 0;
  for (let entry = table.scores.length - 1; entry >= 0; entry -= 1) {
    const positives = table.positives[entry]!;
    truePositives += positives;
    predictedPositives += positives + table.negatives[entry]!;
    if (positives > 0) sum += positives * (truePositives / predictedPositives);
  }
  return sum / table.positiveTotal;
}

function checkedTable(scores: Float64Array, labels: Float64Array): ScoreTable {
  const counts = checkScores(scores, labels, { what: 'scores', range: 'raw' });
  checkBothOutcomes(counts, 'scores');
  return buildScoreTable(scores, labels);
}
