import { FINDING_CODES, FINDING_SEVERITIES, qualityReportOptionsSchema, type DatasetProfile, type QualityFinding, type QualityReport, type QualityReportOptions, type TargetAnalysis } from '@scorebridge/shared';
import { profileFindings } from './column-findings.ts';
import { assessReadiness } from './readiness.ts';
import { targetFindings } from './target-findings.ts';

/**
 * The data-quality report of a dataset: findings from its profile and, once a target is chosen,
 * from the target analysis, then the readiness verdict. Columns listed in `excludedColumns` are
 * left out of findings, so excluding a leaking column clears its blocker. With a target, the
 * target column's own profile findings are left out too: the class balance and unlabeled-rows
 * findings say the same in terms of outcomes; so is the missing-values finding of a column that is
 * filled only after the outcome.
 */
export function buildQualityReport(profile: DatasetProfile, analysis: TargetAnalysis | undefined, options: QualityReportOptions = {}): QualityReport {
  const settings = qualityReportOptionsSchema.parse(options);
  const skipped = new Set(settings.excludedColumns);
  if (analysis !== undefined) skipped.add(analysis.target.column);
  const outcomeFindings = analysis === undefined ? [] : targetFindings(analysis, settings, new Set(settings.excludedColumns));
  // A column filled only after the outcome is mostly empty for that reason; one finding says it.
  const filledAfter = new Set(outcomeFindings.filter((finding) => finding.code === FINDING_CODES.filledAfterOutcome).flatMap((finding) => finding.columns));
  const columnFindings = profileFindings(profile, settings, skipped).filter(
    (finding) => finding.code !== FINDING_CODES.missingValues || !finding.columns.some((column) => filledAfter.has(column)),
  );
  const found = [...columnFindings, ...outcomeFindings];
  const rank = (finding: QualityFinding) => FINDING_SEVERITIES.length - FINDING_SEVERITIES.indexOf(finding.severity);
  // Array.prototype.sort is stable: within a severity, findings keep the order of the columns.
  const findings = found.sort((a, b) => rank(a) - rank(b));
  return {
    findings,
    counts: countFindings(findings),
    readiness: assessReadiness(profile, analysis, findings, settings),
  };
}

/** Findings per severity; recounted whenever findings are added to a report. */
export function countFindings(findings: readonly QualityFinding[]): QualityReport['counts'] {
  return {
    blocker: findings.filter((finding) => finding.severity === 'blocker').length,
    warning: findings.filter((finding) => finding.severity === 'warning').length,
    info: findings.filter((finding) => finding.severity === 'info').length,
  };
}
