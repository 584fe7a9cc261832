import { ValidationError } from '../../errors.ts';
import { buildScoreTable, type ScoreTable } from './score-table.ts';
import { checkBothOutcomes, checkScores } from './validate-predictions.ts';

/** Curves are stored with runs and shown beside each other; about 200 points draw smoothly at any size. */
export const DEFAULT_CURVE_POINTS = 200;

/** One point of the ROC curve; `threshold` null is the start, where nothing is called positive. */
export interface RocPoint {
  threshold: number | null;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** One point of the precision-recall curve; `threshold` null is the conventional start at recall 0, precision 1. */
export interface PrecisionRecallPoint {
  threshold: number | null;
  recall: number;
  precision: number;
}

export function rocCurve(scores: Float64Array, labels: Float64Array, maxPoints = DEFAULT_CURVE_POINTS): RocPoint[] {
  return rocCurveFromTable(checkedTable(scores, labels), maxPoints);
}

export function precisionRecallCurve(scores: Float64Array, labels: Float64Array, maxPoints = DEFAULT_CURVE_POINTS): PrecisionRecallPoint[] {
  return precisionRecallCurveFromTable(checkedTable(scores, labels), maxPoints);
}

/** From (0, 0) through one point per distinct score, highest first, to (1, 1). */
export function rocCurveFromTable(table: ScoreTable, maxPoints = DEFAULT_CURVE_POINTS): RocPoint[] {
  const points: RocPoint[] = [{ threshold: null, falsePositiveRate: 0, truePositiveRate: 0 }];
  let truePositives = 0;
  let falsePositives = 0;
  for (let entry = table.scores.length - 1; entry >= 0; entry -= 1) {
    truePositives += table.positives[entry]!;
    falsePositives += table.negatives[entry]!;
    points.push({ threshold: table.scores[entry]!, falsePositiveRate: falsePositives / table.negativeTotal, truePositiveRate: truePositives / table.positiveTotal });
  }
  return downsampleCurve(points, (point) => point.falsePositiveRate, (point) => point.truePositiveRate, maxPoints);
}

/** One point per distinct score, highest first, after the start at recall 0 and precision 1 (scikit-learn's convention). */
export function precisionRecallCurveFromTable(table: ScoreTable, maxPoints = DEFAULT_CURVE_POINTS): PrecisionRecallPoint[] {
  const points: PrecisionRecallPoint[] = [{ threshold: null, recall: 0, precision: 1 }];
  let truePositives = 0;
  let predicted = 0;
  for (let entry = table.scores.length - 1; entry >= 0; entry -= 1) {
    truePositives += table.positives[entry]!;
    predicted += table.positives[entry]! + table.negatives[entry]!;
    points.push({ threshold: table.scores[entry]!, recall: truePositives / table.positiveTotal, precision: truePositives / predicted });
  }
  return downsampleCurve(points, (point) => point.recall, (point) => point.precision, maxPoints);
}

/**
 * Keeps at most `maxPoints` of a curve, spaced evenly along its length in the unit square, always
 * with both ends. Even spacing by length rather than by threshold keeps the shape where the curve
 * bends sharply (the steep start of a good ROC curve) without wasting points on straight runs.
 * The points kept are points of the full curve, never interpolated ones.
 */
export function downsampleCurve<Point>(points: readonly Point[], xOf: (point: Point) => number, yOf: (point: Point) => number, maxPoints: number): Point[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new ValidationError(`A curve needs room for at least 2 points, not ${maxPoints}`, [{ field: 'maxPoints', message: 'an integer of at least 2' }]);
  }
  if (points.length <= maxPoints) return [...points];
  const cumulative = new Float64Array(points.length);
  for (let index = 1; index < points.length; index += 1) {
    const previous = points[index - 1]!;
    const current = points[index]!;
    cumulative[index] = cumulative[index - 1]! + Math.hypot(xOf(current) - xOf(previous), yOf(current) - yOf(previous));
  }
  const total = cumulative[points.length - 1]!;
  const last = points.length - 1;
  const kept: Point[] = [points[0]!];
  let index = 0;
  for (let step = 1; step < maxPoints - 1 && total > 0; step += 1) {
    const target = (step * total) / (maxPoints - 1);
    while (index < last && cumulative[index]! < target) index += 1;
    if (index >= last) break;
    if (kept[kept.length - 1] !== points[index]) kept.push(points[index]!);
  }
  kept.push(points[last]!);
  return kept;
}

function checkedTable(scores: Float64Array, labels: Float64Array): ScoreTable {
  const counts = checkScores(scores, labels, { what: 'scores', range: 'raw' });
  checkBothOutcomes(counts, 'scores');
  return buildScoreTable(scores, labels);
}
