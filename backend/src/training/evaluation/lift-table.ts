import { buildScoreTable, equalFrequencyGroups, type ScoreTable } from './score-table.ts';
import { checkGroupCount } from './calibration-curve.ts';
import { checkBothOutcomes, checkPredictions } from './validate-predictions.ts';

export const DEFAULT_LIFT_GROUPS = 10;

/**
 * One slice of the rows ranked by score, highest first: deciles when `groupCount` is 10 and the
 * scores have few enough ties. "If reps call the top 20%, how many of the eventual conversions do
 * they reach?" is `cumulativeGain` of the second row.
 */
export interface LiftRow {
  /** 1 for the highest scores. */
  group: number;
  count: number;
  positives: number;
  positiveRate: number;
  /** positiveRate / the overall positive rate: 3 means three times as many conversions as average. */
  lift: number;
  cumulativeCount: number;
  cumulativePositives: number;
  /** Share of all rows in this group and the ones above it. */
  cumulativeShareOfRows: number;
  /** Share of all positives found in this group and the ones above it (the gains curve). */
  cumulativeGain: number;
  cumulativeLift: number;
  minScore: number;
  maxScore: number;
}

export function liftTable(probabilities: Float64Array, labels: Float64Array, groupCount = DEFAULT_LIFT_GROUPS): LiftRow[] {
  const counts = checkPredictions(probabilities, labels);
  checkBothOutcomes(counts, 'predictions');
  return liftTableFromTable(buildScoreTable(probabilities, labels), groupCount);
}

/** Groups of about equal row counts from the top score down; tied scores stay in one group, so fewer groups may come out. */
export function liftTableFromTable(table: ScoreTable, groupCount = DEFAULT_LIFT_GROUPS): LiftRow[] {
  checkGroupCount(groupCount, 'groupCount');
  const total = table.positiveTotal + table.negativeTotal;
  const baseRate = table.positiveTotal / total;
  const rows: LiftRow[] = [];
  let cumulativeCount = 0;
  let cumulativePositives = 0;
  for (const { from, to } of equalFrequencyGroups(table, groupCount, 'descending')) {
    let count = 0;
    let positives = 0;
    for (let entry = from; entry < to; entry += 1) {
      count += table.positives[entry]! + table.negatives[entry]!;
      positives += table.positives[entry]!;
    }
    cumulativeCount += count;
    cumulativePositives += positives;
    rows.push({
      group: rows.length + 1,
      count,
      positives,
      positiveRate: positives / count,
      lift: positives / count / baseRate,
      cumulativeCount,
      cumulativePositives,
      cumulativeShareOfRows: cumulativeCount / total,
      cumulativeGain: cumulativePositives / table.positiveTotal,
      cumulativeLift: cumulativePositives / cumulativeCount / baseRate,
      minScore: table.scores[from]!,
      maxScore: table.scores[to - 1]!,
    });
  }
  return rows;
}
