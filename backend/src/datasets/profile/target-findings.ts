import { FINDING_CODES, type ColumnSeparation, type QualityFinding, type TargetAnalysis } from '@scorebridge/shared';
import { MIN_ROWS_PER_OUTCOME } from './rank-separation.ts';
import type { ReportSettings } from './report-settings.ts';
import { describeCount, describeNumber, describeShare, listWords, quote } from './wording.ts';

/**
 * Findings that need the target analysis: class balance, rows without an outcome, and the two
 * kinds of leakage. A leaking column is one whose value is only known once the outcome is (a
 * conversion date, a lost reason, a call's duration): a model trained on it scores history
 * perfectly and new records badly, so these are the findings that block training.
 */

/** The positive values quoted, as in 'y is "yes"' or 'StageName is "Won" or "Closed Won"'. */
function positiveValues(analysis: TargetAnalysis): string {
  return listWords(analysis.target.positive.map(quote), 'or');
}

/** How well missingness alone tells the outcomes apart: balanced accuracy of "filled" as a guess. */
function missingnessAccuracy(separation: ColumnSeparation): number {
  const positive = separation.filledAmongPositive ?? 0;
  const negative = separation.filledAmongNegative ?? 0;
  return Math.max((positive + 1 - negative) / 2, (negative + 1 - positive) / 2);
}

function balanceFindings(analysis: TargetAnalysis, settings: ReportSettings): QualityFinding[] {
  const findings: QualityFinding[] = [];
  const { positive, negative, unlabeled } = analysis.counts;
  const labeled = positive + negative;
  const minorityIsPositive = positive <= negative;
  const minorityShare = Math.min(analysis.positiveShare, 1 - analysis.positiveShare);
  if (minorityShare < settings.imbalanceInfoShare) {
    const severe = minorityShare < settings.imbalanceWarningShare;
    const outcome = `${analysis.target.column} ${minorityIsPositive ? '' : 'other than '}${positiveValues(analysis)}`;
    findings.push({
      code: FINDING_CODES.classImbalance,
      severity: severe ? 'warning' : 'info',
      columns: [analysis.target.column],
      message:
        `Only ${describeShare(minorityShare)} of the rows with an outcome have ${outcome} (${describeCount(Math.min(positive, negative))} of ${describeCount(labeled)}). ` +
        (severe
          ? 'So few examples of the rare outcome make scores unreliable; add rows with that outcome (a longer time window, say) before trusting the model.'
          : 'That is common for conversions and the model can handle it, but judge it by AUC and lift rather than accuracy.'),
      measures: { positive, negative, positiveShare: analysis.positiveShare },
    });
  }
  if (unlabeled > 0) {
    const total = labeled + unlabeled;
    const negatives = analysis.target.negative ?? [];
    const others =
      negatives.length === 0
        ? 'is empty'
        : `is empty or neither ${positiveValues(analysis)} nor ${listWords(negatives.map(quote), 'or')} (as for deals still open)`;
    findings.push({
      code: FINDING_CODES.unlabeledRows,
      severity: 'info',
      columns: [analysis.target.column],
      message: `${describeCount(unlabeled)} of ${describeCount(total)} rows have no outcome: ${analysis.target.column} ${others}. They are left out of training and of the outcome checks.`,
      measures: { count: unlabeled, share: unlabeled / total },
    });
  }
  return findings;
}

function leakageFinding(separation: ColumnSeparation, analysis: TargetAnalysis, settings: ReportSettings): QualityFinding | undefined {
  const name = separation.name;
  const { positive, negative } = analysis.counts;
  const filledPositive = separation.filledAmongPositive ?? 0;
  const filledNegative = separation.filledAmongNegative ?? 0;
  const enoughRows = positive >= MIN_ROWS_PER_OUTCOME && negative >= MIN_ROWS_PER_OUTCOME;
  const accuracy = missingnessAccuracy(separation);
  if (enoughRows && accuracy >= settings.filledAfterOutcomeAccuracy) {
    const when = `when ${analysis.target.column} is ${filledPositive > filledNegative ? '' : 'not '}${positiveValues(analysis)}`;
    return {
      code: FINDING_CODES.filledAfterOutcome,
      severity: 'blocker',
      columns: [name],
      message: `Column ${name} is filled only ${when} (${describeShare(Math.max(filledPositive, filledNegative))} of those rows, ${describeShare(Math.min(filledPositive, filledNegative))} of the others): it is filled after the outcome is known, so it leaks the outcome. Exclude it.`,
      measures: { filledAmongPositive: filledPositive, filledAmongNegative: filledNegative, balancedAccuracy: accuracy },
    };
  }
  const auc = separation.auc;
  if (auc === null || auc < settings.leakageWarningAuc) return undefined;
  const blocker = auc >= settings.leakageBlockerAuc;
  const direction =
    separation.direction === null ? '' : `; ${separation.direction === 'higher_is_positive' ? 'higher' : 'lower'} values go with ${positiveValues(analysis)}`;
  return {
    code: FINDING_CODES.leakageSuspect,
    severity: blocker ? 'blocker' : 'warning',
    columns: [name],
    message: blocker
      ? `Column ${name} alone predicts ${analysis.target.column} almost perfectly (AUC ${describeNumber(auc)}${direction}): it is probably recorded after the outcome or derived from it, and would make the model look far better than it is. Exclude it unless its value is known before the outcome.`
      : `Column ${name} alone separates the outcomes of ${analysis.target.column} unusually well (AUC ${describeNumber(auc)}${direction}). Check that its value is known before the outcome; if it is recorded during or after it, exclude it.`,
    measures: { auc, method: separation.method ?? '' },
  };
}

export function targetFindings(analysis: TargetAnalysis, settings: ReportSettings, skippedColumns: ReadonlySet<string>): QualityFinding[] {
  const findings = balanceFindings(analysis, settings);
  for (const separation of analysis.columns) {
    if (skippedColumns.has(separation.name)) continue;
    const finding = leakageFinding(separation, analysis, settings);
    if (finding) findings.push(finding);
  }
  return findings;
}
