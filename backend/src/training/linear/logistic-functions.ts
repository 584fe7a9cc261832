/**
 * The logistic function and its companions, written so that no input overflows: exp is only ever
 * taken of a non-positive number.
 */

/** 1 / (1 + exp(-z)). */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + exp(z)): the log loss of a positive row is softplus(-z), of a negative one softplus(z). */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** log(p / (1 - p)), the inverse of sigmoid; p is clipped to [clip, 1 - clip] so the result is finite. */
export function logit(probability: number, clip = 1e-15): number {
  const p = Math.min(Math.max(probability, clip), 1 - clip);
  return Math.log(p) - Math.log1p(-p);
}
