/**
 * The "unique path" of the reference TreeSHAP (reference-tree-shap.ts; Lundberg, Erion and Lee
 * 2018, Algorithm 2): the distinct features split on between the root and the current node, each with
 *
 * - `zero`: the share of rows that would come this way with the feature unknown (product of
 *   cover shares of the splits on it along the path),
 * - `one`: 1 if the explained row itself comes this way at every split on it, else 0,
 * - `weight`: for element i, the summed Shapley weight of the subsets of i of the path's other
 *   features (the permutation weights the paper calls pweight), kept up to date as the path grows.
 *
 * Every recursion level works on its own copy of its parent's path, stored in one buffer per
 * explainer: a level whose path has u + 1 elements starts u + 1 after its parent's, so nothing is
 * allocated per row. A path holds at most one element per distinct feature (plus the root's), so
 * a tree of depth D on F features needs about (D + 2)(D + 3) / 2 elements when D ≤ F and
 * D·(F + 1) beyond: a chain of 4,096 leaves on 50 features takes 200,000, not 8 million.
 */
export interface ShapPath {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
  /** 1/k for k = 0..longest path + 1 (Infinity at 0, never read): the inner loop multiplies by them. */
  reciprocal: Float64Array;
}

/** For trees of at most `maxDepth` splits from root to leaf, on `featureCount` features. */
export function createShapPath(maxDepth: number, featureCount: number): ShapPath {
  const longest = Math.min(maxDepth, featureCount);
  // The level at depth l starts min(l, F) + 1 after its parent's; the deepest holds longest + 1.
  let size = 1 + longest + 1;
  for (let level = 1; level <= maxDepth; level++) size += Math.min(level, featureCount) + 1;
  const reciprocal = Float64Array.from({ length: longest + 2 }, (_, k) => 1 / k);
  return { feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), weight: new Float64Array(size), reciprocal };
}

/** A plain loop: paths are a few elements long, too short for copyWithin's call to pay. */
export function copyPath(path: ShapPath, from: number, to: number, length: number): void {
  for (let i = 0; i < length; i++) {
    path.feature[to + i] = path.feature[from + i]!;
    path.zero[to + i] = path.zero[from + i]!;
    path.one[to + i] = path.one[from + i]!;
    path.weight[to + i] = path.weight[from + i]!;
  }
}

/** Appends a feature as element `depth` of the path at `start`, growing every subset's weight. */
export function extendPath(path: ShapPath, start: number, depth: number, zero: number, one: number, feature: number): void {
  const weight = path.weight;
  path.feature[start + depth] = feature;
  path.zero[start + depth] = zero;
  path.one[start + depth] = one;
  weight[start + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    weight[start + i + 1]! += (one * weight[start + i]! * (i + 1)) / (depth + 1);
    weight[start + i] = (zero * weight[start + i]! * (depth - i)) / (depth + 1);
  }
}

/**
 * Undoes `extendPath` for element `index` (the inverse of its recurrence) and removes it, for a
 * feature split on again further down: its two splits must count as one feature.
 */
export function unwindPath(path: ShapPath, start: number, depth: number, index: number): void {
  const weight = path.weight;
  const one = path.one[start + index]!;
  const zero = path.zero[start + index]!;
  let nextOnePortion = weight[start + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const kept = weight[start + i]!;
      weight[start + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
      nextOnePortion = kept - (weight[start + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      weight[start + i] = (weight[start + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    path.feature[start + i] = path.feature[start + i + 1]!;
    path.zero[start + i] = path.zero[start + i + 1]!;
    path.one[start + i] = path.one[start + i + 1]!;
  }
}

/**
 * The total weight the path's subsets would have with element `index` unwound, without unwinding
 * it. This runs once per leaf and path element, so it is the algorithm's inner loop: `one` is a
 * product of 0s and 1s, so the division by it is left out, and the divisions by small whole
 * numbers are multiplications by their reciprocals, which keeps the loop's dependency chain short.
 */
export function unwoundPathSum(path: ShapPath, start: number, depth: number, index: number): number {
  const weight = path.weight;
  const zero = path.zero[start + index]!;
  let total = 0;
  if (path.one[start + index] !== 0) {
    const zeroShare = zero / (depth + 1);
    let nextOnePortion = weight[start + depth]! * (depth + 1);
    for (let i = depth - 1; i >= 0; i--) {
      const share = nextOnePortion * path.reciprocal[i + 1]!;
      total += share;
      nextOnePortion = (weight[start + i]! - share * zeroShare * (depth - i)) * (depth + 1);
    }
    return total;
  }
  if (zero === 0) return 0; // such a branch carries no weight and is never entered
  for (let i = depth - 1; i >= 0; i--) total += weight[start + i]! * path.reciprocal[depth - i]!;
  return (total * (depth + 1)) / zero;
}
