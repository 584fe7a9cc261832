import { childOf, type ShapTree } from './shap-tree.ts';
import { copyPath, extendPath, unwindPath, unwoundPathSum, type ShapPath } from './shap-path.ts';

/**
 * Adds one tree's SHAP values for one row to `phi`: path-dependent TreeSHAP (Lundberg, Erion and
 * Lee 2018, Algorithm 2). Walking down every branch once, it tracks in `path` which subsets of the
 * features split on so far would still reach the current node, and with what Shapley weight; at
 * each leaf every feature on the path gets its share of the leaf value. The row's own branch is
 * "hot" (one = 1), the other "cold" (one = 0); both carry their cover share (zero).
 */
export function addTreeShap(tree: ShapTree, path: ShapPath, values: Float64Array, phi: Float64Array): void {
  // The root starts a path of one dummy element (feature -1) that every subset shares.
  visit(tree, path, values, phi, 0, 0, 0, 1, 1, -1);
}

function visit(
  tree: ShapTree,
  path: ShapPath,
  values: Float64Array,
  phi: Float64Array,
  node: number,
  parentStart: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
): void {
  const start = parentStart + depth + 1;
  copyPath(path, parentStart, start, depth);
  extendPath(path, start, depth, zero, one, feature);
  const compiled = tree.compiled;
  const splitFeature = compiled.feature[node]!;
  if (splitFeature < 0) {
    const value = compiled.value[node]!;
    for (let i = 1; i <= depth; i++) {
      const weight = unwoundPathSum(path, start, depth, i);
      phi[path.feature[start + i]!]! += weight * (path.one[start + i]! - path.zero[start + i]!) * value;
    }
    return;
  }
  const hot = childOf(compiled, node, values[splitFeature]!);
  const cold = hot === compiled.left[node]! ? compiled.right[node]! : compiled.left[node]!;
  let incomingZero = 1;
  let incomingOne = 1;
  let childDepth = depth + 1;
  // A feature split on again counts once: undo its earlier element and carry its fractions down.
  for (let i = 1; i <= depth; i++) {
    if (path.feature[start + i] !== splitFeature) continue;
    incomingZero = path.zero[start + i]!;
    incomingOne = path.one[start + i]!;
    unwindPath(path, start, depth, i);
    childDepth = depth;
    break;
  }
  // A branch no subset reaches (no cover, and the row went elsewhere) adds nothing; skipping it
  // also keeps the path's divisions away from two zero fractions.
  const hotZero = tree.coverShare[hot]! * incomingZero;
  if (hotZero !== 0 || incomingOne !== 0) visit(tree, path, values, phi, hot, start, childDepth, hotZero, incomingOne, splitFeature);
  const coldZero = tree.coverShare[cold]! * incomingZero;
  if (coldZero !== 0) visit(tree, path, values, phi, cold, start, childDepth, coldZero, 0, splitFeature);
}
