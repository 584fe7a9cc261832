import type { TreeModel } from '../../gbdt/tree-model.ts';
import { goesLeft } from '../shap-forest.ts';
import { toShapTree, type ShapTree } from '../shap-tree.ts';
import { copyPath, createShapPath, extendPath, unwindPath, unwoundPathSum, type ShapPath } from './shap-path.ts';

/**
 * The reference for the explainer (tree-shap.ts): path-dependent TreeSHAP as Lundberg, Erion and
 * Lee's Algorithm 2 (2018) computes it and as XGBoost implements it, which was the explainer's own
 * algorithm until linear TreeSHAP replaced it (docs/decisions/0021). O(T · L · D²) per row; kept
 * for `reference-agreement.test.ts` and the `tree-shap` benchmark, never for serving.
 */
export function referenceTreeShap(model: TreeModel, values: Float64Array): { base: number; contributions: Float64Array } {
  return createReferenceExplainer(model).explainRow(values);
}

export interface ReferenceExplainer {
  base: number;
  explainRow(values: Float64Array): { base: number; contributions: Float64Array };
  /** Overwrites `out` with the row's contributions; allocates nothing. */
  explainRowInto(values: Float64Array, out: Float64Array): Float64Array;
}

export function createReferenceExplainer(model: TreeModel): ReferenceExplainer {
  const trees = model.trees.map(toShapTree);
  const featureCount = model.features.length;
  let base = model.baseScore;
  for (const tree of trees) base += tree.expectedValue;
  const path = createShapPath(Math.max(0, ...model.trees.map((tree) => treeDepth(tree.nodes))), featureCount);
  const explainRowInto = (values: Float64Array, out: Float64Array): Float64Array => {
    if (values.length !== featureCount || out.length !== featureCount) throw new RangeError(`Rows and contributions of this model have ${featureCount} entries`);
    out.fill(0);
    for (const tree of trees) addTreeShap(tree, path, values, out);
    return out;
  };
  return { base, explainRow: (values) => ({ base, contributions: explainRowInto(values, new Float64Array(featureCount)) }), explainRowInto };
}

/** Splits on the longest root-to-leaf path (0 for a single leaf): it sizes the path buffer. */
function treeDepth(nodes: TreeModel['trees'][number]['nodes']): number {
  const depth = new Int32Array(nodes.length);
  let deepest = 0;
  nodes.forEach((node, index) => {
    if (node.kind === 'leaf') return;
    depth[node.left] = depth[node.right] = depth[index]! + 1;
    deepest = Math.max(deepest, depth[index]! + 1);
  });
  return deepest;
}

/**
 * Adds one tree's SHAP values for one row to `phi`: path-dependent TreeSHAP (Lundberg, Erion and
 * Lee 2018, Algorithm 2). Walking down every branch once, it tracks in `path` which subsets of the
 * features split on so far would still reach the current node, and with what Shapley weight; at
 * each leaf every feature on the path gets its share of the leaf value. The row's own branch is
 * "hot" (one = 1), the other "cold" (one = 0); both carry their cover share (zero).
 */
function addTreeShap(tree: ShapTree, path: ShapPath, values: Float64Array, phi: Float64Array): void {
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
  // Routing is the explainer's (a compiled tree has the forest's routing arrays, by node).
  const hot = goesLeft(compiled, node, values[splitFeature]!) ? compiled.left[node]! : compiled.right[node]!;
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

