/**
 * The best split found so far for one leaf. One is allocated per leaf (not per row or per bin),
 * and the scans of every feature write into it only when they beat it.
 */

export const BIN_SIDES = Object.freeze({ unseen: 0, left: 1, right: 2 } as const);

/** The largest bin count a feature can have: 255 value bins plus the missing bin. */
export const MAX_FEATURE_BINS = 256;

/**
 * The bin of a category code that no training row had (met in validation rows): no training row
 * is in it, so every split sends it where unseen codes go, as prediction does.
 */
export const UNSEEN_CODE_BIN = MAX_FEATURE_BINS;

export interface SplitCandidate {
  /** Loss reduction; a leaf with no acceptable split keeps `feature` -1. */
  gain: number;
  feature: number;
  categorical: boolean;
  /** Numeric: bins 1..thresholdBin go left. */
  thresholdBin: number;
  missingGoesLeft: boolean;
  /** Categorical: where codes the node had no rows of go (the side with more hessian). */
  unseenGoesLeft: boolean;
  /**
   * Per bin, 1 when its rows go left: complete, with missing and empty bins and UNSEEN_CODE_BIN,
   * for partitioning rows.
   */
  goesLeft: Uint8Array;
  /** Categorical: per bin, a BIN_SIDES value; the model lists only bins the node had rows in. */
  binSides: Uint8Array;
  leftGradient: number;
  leftHessian: number;
  leftCount: number;
  rightGradient: number;
  rightHessian: number;
  rightCount: number;
}

export function createSplitCandidate(): SplitCandidate {
  return {
    gain: 0,
    feature: -1,
    categorical: false,
    thresholdBin: 0,
    missingGoesLeft: false,
    unseenGoesLeft: false,
    goesLeft: new Uint8Array(UNSEEN_CODE_BIN + 1),
    binSides: new Uint8Array(MAX_FEATURE_BINS),
    leftGradient: 0,
    leftHessian: 0,
    leftCount: 0,
    rightGradient: 0,
    rightHessian: 0,
    rightCount: 0,
  };
}

/** What a split must satisfy and how its gain is regularized. */
export interface SplitRules {
  lambda: number;
  minSamplesLeaf: number;
  minChildWeight: number;
  minSplitGain: number;
  catSmooth: number;
  catL2: number;
  maxCatThreshold: number;
}

/**
 * Splits gaining less than this are noise from floating-point sums, not structure: without it a
 * leaf of identical rows could still be split on rounding error.
 */
export const MIN_MEANINGFUL_GAIN = 1e-10;

export function resetCandidate(candidate: SplitCandidate, rules: SplitRules): void {
  candidate.feature = -1;
  candidate.gain = Math.max(rules.minSplitGain, MIN_MEANINGFUL_GAIN);
}

export function sidesAllowed(rules: SplitRules, leftHessian: number, leftCount: number, rightHessian: number, rightCount: number): boolean {
  return leftCount >= rules.minSamplesLeaf && rightCount >= rules.minSamplesLeaf && leftHessian >= rules.minChildWeight && rightHessian >= rules.minChildWeight;
}

export function setSides(
  candidate: SplitCandidate,
  leftGradient: number,
  leftHessian: number,
  leftCount: number,
  rightGradient: number,
  rightHessian: number,
  rightCount: number,
): void {
  candidate.leftGradient = leftGradient;
  candidate.leftHessian = leftHessian;
  candidate.leftCount = leftCount;
  candidate.rightGradient = rightGradient;
  candidate.rightHessian = rightHessian;
  candidate.rightCount = rightCount;
}
