import { READINESS_CHECK_CODES, type DatasetProfile, type QualityFinding, type TargetAnalysis, type TrainingReadiness } from '@scorebridge/shared';
import type { ReportSettings } from './report-settings.ts';
import { describeCount, listWords, quote } from './wording.ts';

/**
 * The verdict before training, as Einstein and Dynamics give one: enough rows with an outcome,
 * enough of each outcome, and no blocking finding. The minimums are options; the defaults are
 * Dynamics 365's 40 of each outcome and 200 rows in all.
 */

type Check = TrainingReadiness['checks'][number];

function minimumCheck(code: Check['code'], actual: number, required: number, passedText: string, failedText: string): Check {
  const passed = actual >= required;
  return { code, passed, actual, required, message: passed ? passedText : failedText };
}

export function assessReadiness(
  profile: DatasetProfile,
  analysis: TargetAnalysis | undefined,
  findings: readonly QualityFinding[],
  settings: ReportSettings,
): TrainingReadiness {
  const checks: Check[] = [];
  if (analysis === undefined) {
    checks.push({
      code: READINESS_CHECK_CODES.targetChosen,
      passed: false,
      actual: null,
      required: null,
      message: 'No outcome column is chosen yet. Choose the column that records the outcome (IsConverted or StageName, say) to check whether the data is ready for training.',
    });
    checks.push(
      minimumCheck(
        READINESS_CHECK_CODES.minRows,
        profile.rowCount,
        settings.minRows,
        `${describeCount(profile.rowCount)} rows, at least ${describeCount(settings.minRows)} needed.`,
        `Only ${describeCount(profile.rowCount)} rows; at least ${describeCount(settings.minRows)} are needed. Add more records.`,
      ),
    );
  } else {
    const { positive, negative } = analysis.counts;
    const labeled = positive + negative;
    const positiveName = listWords(analysis.target.positive.map(quote), 'or');
    const column = analysis.target.column;
    checks.push(
      minimumCheck(
        READINESS_CHECK_CODES.minRows,
        labeled,
        settings.minRows,
        `${describeCount(labeled)} rows with an outcome, at least ${describeCount(settings.minRows)} needed.`,
        `Only ${describeCount(labeled)} rows have an outcome in ${column}; at least ${describeCount(settings.minRows)} are needed. Add closed records (a longer time window, say).`,
      ),
      minimumCheck(
        READINESS_CHECK_CODES.minPositives,
        positive,
        settings.minPositives,
        `${describeCount(positive)} rows where ${column} is ${positiveName}, at least ${describeCount(settings.minPositives)} needed.`,
        `Only ${describeCount(positive)} rows have ${column} ${positiveName}; at least ${describeCount(settings.minPositives)} are needed for the model to learn what success looks like.`,
      ),
      minimumCheck(
        READINESS_CHECK_CODES.minNegatives,
        negative,
        settings.minNegatives,
        `${describeCount(negative)} rows with the other outcome, at least ${describeCount(settings.minNegatives)} needed.`,
        `Only ${describeCount(negative)} rows have ${column} other than ${positiveName}; at least ${describeCount(settings.minNegatives)} are needed for the model to learn what failure looks like.`,
      ),
    );
  }
  const blockers = findings.filter((finding) => finding.severity === 'blocker');
  const blockedColumns = [...new Set(blockers.flatMap((finding) => finding.columns))];
  checks.push({
    code: READINESS_CHECK_CODES.noBlockers,
    passed: blockers.length === 0,
    actual: blockers.length,
    required: 0,
    message:
      blockers.length === 0
        ? 'No blocking problem found.'
        : `${describeCount(blockers.length)} blocking problem${blockers.length === 1 ? '' : 's'} with ${listWords(blockedColumns)}: exclude ${blockedColumns.length === 1 ? 'that column' : 'those columns'} from training or fix the data first.`,
  });
  const failed = checks.filter((check) => !check.passed);
  return { ready: failed.length === 0, checks, reasons: failed.map((check) => check.message) };
}
