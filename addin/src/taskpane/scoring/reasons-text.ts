import type { RecordScoreResult, ScoreReason } from '@scorebridge/shared';

function signed(points: number): string {
  return points > 0 ? `+${points}` : `\u2212${Math.abs(points)}`;
}

function reasonText(reason: ScoreReason): string {
  return `${reason.text} (${signed(reason.points)})`;
}

/**
 * The Reasons cell: the fields that raised the score, then those that lowered it, as a rep reads them
 * on the record ("Lead source is Partner referral (+12); Rating is Cold (−5)"); a record that could
 * not be scored shows why, and one whose fields all round to 0 points says so rather than nothing.
 */
export function reasonsCell(result: RecordScoreResult): string {
  if (result.problem) return `Not scored: ${result.problem}`;
  const listed = [...result.reasons.positive, ...result.reasons.negative];
  if (listed.length > 0) return listed.map(reasonText).join('; ');
  return result.baseScore === null ? 'No reasons: this model is not explained' : `No field moved the score from the model's base score (${result.baseScore})`;
}
