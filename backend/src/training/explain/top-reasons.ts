/**
 * The features that pushed one score up and down most, for a record's "reasons". Contributions
 * are per model feature (per output feature of the matrix); an integrator who shows reasons per
 * source column sums them first by `OutputFeature.feature` (one-hot, missing-indicator and
 * ratio columns share it), since SHAP values of a group add up to the group's SHAP value.
 */
export interface Reason {
  /** Index into the features given. */
  feature: number;
  name: string;
  contribution: number;
}

export interface TopReasons {
  /** Largest positive first. */
  positive: Reason[];
  /** Most negative first. */
  negative: Reason[];
}

/**
 * The `k` largest positive and `k` largest negative contributions. Zero (and NaN) contributions
 * are no reason either way; ties keep feature order, so the result is deterministic.
 */
export function topReasons(contributions: ArrayLike<number>, features: readonly { name: string }[], k: number): TopReasons {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a whole number of reasons, not ${k}`);
  if (contributions.length !== features.length) {
    throw new RangeError(`${contributions.length} contributions for ${features.length} features`);
  }
  const positive: Reason[] = [];
  const negative: Reason[] = [];
  for (let feature = 0; feature < contributions.length; feature++) {
    const contribution = contributions[feature]!;
    if (contribution > 0) positive.push({ feature, name: features[feature]!.name, contribution });
    else if (contribution < 0) negative.push({ feature, name: features[feature]!.name, contribution });
  }
  // Array.prototype.sort is stable, so equal contributions stay in feature order.
  positive.sort((a, b) => b.contribution - a.contribution);
  negative.sort((a, b) => a.contribution - b.contribution);
  return { positive: positive.slice(0, k), negative: negative.slice(0, k) };
}
