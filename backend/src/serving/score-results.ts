import type { GradeBands, RecordScoreResult, ScoreReason, ScoreReasons } from '@scorebridge/shared';
import { gradeOf } from '../training/scoring/score-batch.ts';
import { allocatePoints } from './reason-points.ts';
import { clampProbability, toScore } from './score-scale.ts';
import type { RecordExplanation, ScoredRecord } from './serving-model.ts';

const NO_REASONS: ScoreReasons = Object.freeze({ positive: [], negative: [], otherPoints: 0 }) as ScoreReasons;

/**
 * A scored record as the API returns it: the probability on the 1-99 scale, its grade in the
 * model's bands, and the `reasonCount` fields that raised and lowered the score most, with whole
 * points that add up, with `otherPoints` for the fields not listed, to the score minus the base.
 */
export function toRecordScoreResult(scored: ScoredRecord, baseProbability: number | null, bands: GradeBands, reasonCount: number): RecordScoreResult {
  const notes = scored.warnings ? { warnings: scored.warnings } : {};
  if (scored.probability === null) {
    return { probability: null, score: null, grade: null, reasons: NO_REASONS, baseScore: null, problem: scored.problem ?? 'the record could not be scored', ...notes };
  }
  const probability = clampProbability(scored.probability);
  const score = toScore(probability);
  const grade = gradeOf(probability, bands);
  if (baseProbability === null) return { probability, score, grade, reasons: NO_REASONS, baseScore: null, ...notes };
  const baseScore = toScore(baseProbability);
  const reasons = scored.explanation ? listReasons(scored.explanation, score - baseScore, reasonCount) : { positive: [], negative: [], otherPoints: score - baseScore };
  return { probability, score, grade, reasons, baseScore, ...notes };
}

function listReasons(explanation: RecordExplanation, total: number, reasonCount: number): ScoreReasons {
  const { contributions } = explanation;
  const points = allocatePoints(total, contributions);
  const strongest = (sign: 1 | -1): number[] =>
    Array.from(points.keys())
      .filter((field) => Math.sign(points[field]!) === sign)
      .sort((a, b) => sign * (points[b]! - points[a]!) || Math.abs(contributions[b]!) - Math.abs(contributions[a]!))
      .slice(0, reasonCount);
  const reason = (field: number): ScoreReason => ({ field: explanation.fields[field]!, text: explanation.describe(field), points: points[field]! });
  const positive = strongest(1).map(reason);
  const negative = strongest(-1).map(reason);
  const listed = [...positive, ...negative].reduce((sum, entry) => sum + entry.points, 0);
  return { positive, negative, otherPoints: total - listed };
}

/** Reasons as `record_scores` keeps them: one list, strongest first either way. */
export function storedReasons(reasons: ScoreReasons): ScoreReason[] {
  return [...reasons.positive, ...reasons.negative].sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
}
