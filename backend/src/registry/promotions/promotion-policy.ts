import type { PromotionEvidence, PromotionPolicyResult } from '@scorebridge/shared';

/** What a promotion must show to pass without an override. */
export interface PromotionPolicy {
  /** The candidate's holdout ROC AUC may be at most this much below the current version's. */
  maxAucDrop: number;
  /** The candidate's training data must pass the readiness checks for its target. */
  requireQuality: boolean;
}

export const DEFAULT_PROMOTION_POLICY: PromotionPolicy = Object.freeze({ maxAucDrop: 0.005, requireQuality: true });

/** Checks the evidence against the policy; an admin may approve a failed policy only with a reason. */
export function evaluatePromotionPolicy(evidence: PromotionEvidence, policy: PromotionPolicy): PromotionPolicyResult {
  const checks: PromotionPolicyResult['checks'] = [];
  const { candidate, current } = evidence;
  checks.push(
    candidate
      ? { name: 'holdout evaluation', passed: true, detail: `evaluated on ${evidence.holdout!.rows} holdout rows` }
      : { name: 'holdout evaluation', passed: false, detail: 'the candidate could not be evaluated on a holdout' },
  );
  if (candidate && current) {
    const drop = current.rocAuc - candidate.rocAuc;
    checks.push({
      name: 'ROC AUC against the current version',
      passed: drop <= policy.maxAucDrop,
      detail: `${candidate.rocAuc.toFixed(4)} against ${current.rocAuc.toFixed(4)} (version ${current.version}); at most ${policy.maxAucDrop} lower is allowed`,
    });
  } else if (candidate) {
    checks.push({ name: 'ROC AUC against the current version', passed: true, detail: 'no current version to compare with' });
  }
  if (policy.requireQuality) {
    const quality = evidence.quality;
    checks.push(
      quality === null
        ? { name: 'training data quality', passed: false, detail: 'no data-quality verdict: the version was not trained here' }
        : { name: 'training data quality', passed: quality.ready, detail: quality.ready ? 'the training data passed the readiness checks' : quality.reasons.join(' ') },
    );
  }
  return { passed: checks.every((check) => check.passed), checks };
}
