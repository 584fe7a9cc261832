import type { TreeModel, TreeNode } from '../gbdt/index.ts';
import { intAttribute, intsAttribute, ONNX_ML_DOMAIN, tensorAttribute, type OnnxGraphBuilder } from './graph-builder.ts';
import { TENSOR_DATA_TYPES } from './onnx-proto.ts';

/**
 * The trees as one `ai.onnx.ml` TreeEnsemble node (opset 5), on a double [N, F] input, giving the
 * sum of the trees' leaf values as double [N, 1].
 *
 * Why TreeEnsemble (opset 5) and not TreeEnsembleRegressor/Classifier: its thresholds and leaf
 * weights are tensors of the input's type, so with a double input the leaves are summed in
 * double exactly as the TypeScript predictor sums them (the older operators output float32, and
 * 100 float32 leaf values plus a float32 sum can drift by 1e-6 or more, which an isotonic
 * calibrator's steep pieces amplify past 1e-5); and it has BRANCH_MEMBER, a set-membership test,
 * for categorical splits, where the older operators need a chain of BRANCH_EQ nodes whose true
 * branches share one subtree (or copies of it). The base score is added after the node.
 *
 * Routing, node by node (the predictor's rules in compiled-tree.ts):
 * - numeric: BRANCH_LEQ `x <= threshold` true = left; NaN goes left when
 *   `nodes_missing_value_tracks_true` is set, i.e. when `missingGoesLeft`. (±Infinity is missing in
 *   the predictor; the input stage turns it into NaN before this node.)
 * - categorical: BRANCH_MEMBER on the codes listed on the side unseen codes do NOT go to; true
 *   leads there, false (any other code: listed on the unseen side, never seen, out of range,
 *   fractional) to the unseen side. NaN follows `missingGoesLeft` through the same flag. When that
 *   list is empty (every present code goes one way), the node is BRANCH_LEQ x <= +Infinity, true
 *   to the unseen side.
 * - a tree that is a single leaf becomes a split whose two leaves both carry its value, since
 *   every tree needs a root node.
 */

export const TREE_NODE_MODES = Object.freeze({ branchLeq: 0, branchMember: 6 } as const);
const AGGREGATE_SUM = 1;
const POST_TRANSFORM_NONE = 0;

interface EnsembleArrays {
  treeRoots: number[];
  featureIds: number[];
  modes: number[];
  splits: number[];
  membershipValues: number[];
  trueIds: number[];
  trueLeafs: number[];
  falseIds: number[];
  falseLeafs: number[];
  missingTracksTrue: number[];
  leafWeights: number[];
}

/** Appends the node; `thresholds` are the float32-safe thresholds by tree and node (float32-thresholds.ts). */
export function appendTreeEnsemble(builder: OnnxGraphBuilder, features: string, model: TreeModel, thresholds: readonly Float64Array[]): string {
  const arrays: EnsembleArrays = { treeRoots: [], featureIds: [], modes: [], splits: [], membershipValues: [], trueIds: [], trueLeafs: [], falseIds: [], falseLeafs: [], missingTracksTrue: [], leafWeights: [] };
  model.trees.forEach((tree, treeIndex) => addTree(arrays, tree.nodes, thresholds[treeIndex]!));
  const doubles = (name: string, values: number[]) => tensorAttribute(name, { name, dataType: TENSOR_DATA_TYPES.double, dims: [values.length], data: Float64Array.from(values) });
  const attributes = [
    intAttribute('aggregate_function', AGGREGATE_SUM),
    intAttribute('post_transform', POST_TRANSFORM_NONE),
    intAttribute('n_targets', 1),
    intsAttribute('tree_roots', arrays.treeRoots),
    intsAttribute('nodes_featureids', arrays.featureIds),
    tensorAttribute('nodes_modes', { name: 'nodes_modes', dataType: TENSOR_DATA_TYPES.uint8, dims: [arrays.modes.length], data: Uint8Array.from(arrays.modes) }),
    doubles('nodes_splits', arrays.splits),
    intsAttribute('nodes_truenodeids', arrays.trueIds),
    intsAttribute('nodes_trueleafs', arrays.trueLeafs),
    intsAttribute('nodes_falsenodeids', arrays.falseIds),
    intsAttribute('nodes_falseleafs', arrays.falseLeafs),
    intsAttribute('nodes_missing_value_tracks_true', arrays.missingTracksTrue),
    intsAttribute('leaf_targetids', arrays.leafWeights.map(() => 0)),
    doubles('leaf_weights', arrays.leafWeights),
  ];
  // An attribute tensor may not be empty for onnxruntime; it is only read when a node is BRANCH_MEMBER.
  if (arrays.membershipValues.length > 0) attributes.push(doubles('membership_values', arrays.membershipValues));
  return builder.node('TreeEnsemble', [features], 'tree_sum', { domain: ONNX_ML_DOMAIN, attributes });
}

function addTree(arrays: EnsembleArrays, nodes: readonly TreeNode[], thresholds: Float64Array): void {
  const root = nodes[0]!;
  if (root.kind === 'leaf') {
    arrays.treeRoots.push(arrays.modes.length);
    pushSplit(arrays, { feature: 0, mode: TREE_NODE_MODES.branchLeq, split: 0, missingTracksTrue: true });
    setChild(arrays, 'true', { leaf: pushLeaf(arrays, root.value) });
    setChild(arrays, 'false', { leaf: pushLeaf(arrays, root.value) });
    return;
  }
  // The operator numbers split nodes and leaves separately; ids are assigned before any node is
  // written because a parent refers to its children.
  const splitIds = new Int32Array(nodes.length).fill(-1);
  const leafIds = new Int32Array(nodes.length).fill(-1);
  let nextSplit = arrays.modes.length;
  let nextLeaf = arrays.leafWeights.length;
  nodes.forEach((node, index) => {
    if (node.kind === 'leaf') leafIds[index] = nextLeaf++;
    else splitIds[index] = nextSplit++;
  });
  arrays.treeRoots.push(splitIds[0]!);
  const child = (index: number) => (nodes[index]!.kind === 'leaf' ? { leaf: leafIds[index]! } : { split: splitIds[index]! });
  nodes.forEach((node, index) => {
    if (node.kind === 'leaf') {
      arrays.leafWeights[leafIds[index]!] = node.value;
      return;
    }
    if (node.kind === 'numeric') {
      pushSplit(arrays, { feature: node.feature, mode: TREE_NODE_MODES.branchLeq, split: thresholds[index]!, missingTracksTrue: node.missingGoesLeft });
      setChild(arrays, 'true', child(node.left));
      setChild(arrays, 'false', child(node.right));
      return;
    }
    const unseenSide = node.unseenGoesLeft ? node.left : node.right;
    const otherSide = node.unseenGoesLeft ? node.right : node.left;
    const otherCodes = node.unseenGoesLeft ? node.rightCategories : node.leftCategories;
    const missingGoesOther = node.missingGoesLeft !== node.unseenGoesLeft;
    if (otherCodes.length === 0) {
      pushSplit(arrays, { feature: node.feature, mode: TREE_NODE_MODES.branchLeq, split: Number.POSITIVE_INFINITY, missingTracksTrue: !missingGoesOther });
      setChild(arrays, 'true', child(unseenSide));
      setChild(arrays, 'false', child(otherSide));
      return;
    }
    pushSplit(arrays, { feature: node.feature, mode: TREE_NODE_MODES.branchMember, split: Number.NaN, missingTracksTrue: missingGoesOther });
    // The sets of successive BRANCH_MEMBER nodes are listed in node order, each ended by NaN.
    arrays.membershipValues.push(...[...otherCodes].sort((x, y) => x - y), Number.NaN);
    setChild(arrays, 'true', child(otherSide));
    setChild(arrays, 'false', child(unseenSide));
  });
}

function pushSplit(arrays: EnsembleArrays, split: { feature: number; mode: number; split: number; missingTracksTrue: boolean }): void {
  arrays.featureIds.push(split.feature);
  arrays.modes.push(split.mode);
  arrays.splits.push(split.split);
  arrays.missingTracksTrue.push(split.missingTracksTrue ? 1 : 0);
}

function pushLeaf(arrays: EnsembleArrays, value: number): number {
  arrays.leafWeights.push(value);
  return arrays.leafWeights.length - 1;
}

/** Children are set right after their split is pushed, so they land at the same position. */
function setChild(arrays: EnsembleArrays, side: 'true' | 'false', target: { leaf: number } | { split: number }): void {
  const [ids, leafs] = side === 'true' ? [arrays.trueIds, arrays.trueLeafs] : [arrays.falseIds, arrays.falseLeafs];
  if ('leaf' in target) {
    ids.push(target.leaf);
    leafs.push(1);
  } else {
    ids.push(target.split);
    leafs.push(0);
  }
}
