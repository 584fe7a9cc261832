import type { BinnedMatrix } from './binned-matrix.ts';
import { BIN_SIDES } from './split-candidate.ts';
import type { GrownNode } from './tree-grower.ts';
import type { Tree, TreeNode } from './tree-model.ts';

/**
 * Turns a tree grown on bins into the model's tree on raw values. A numeric split on "bin <= t"
 * becomes "value <= upper edge of bin t", which sends every value exactly where its bin went,
 * because a value's bin is the first whose upper edge is at least the value. A categorical split
 * lists the codes of the bins that went each way; codes of bins the node had no rows of are left
 * out and follow `unseenGoesLeft`, which is also where their empty bins went during training.
 */
export function exportTree(nodes: readonly GrownNode[], binned: BinnedMatrix): Tree {
  return { nodes: nodes.map((node) => exportNode(node, binned)) };
}

function exportNode(node: GrownNode, binned: BinnedMatrix): TreeNode {
  const statistics = { cover: Math.max(0, node.hessian), samples: node.count, value: node.value };
  if (node.feature < 0) return { kind: 'leaf', ...statistics };
  const split = { ...statistics, feature: node.feature, missingGoesLeft: node.missingGoesLeft, left: node.left, right: node.right, gain: node.gain };
  const binning = binned.features[node.feature]!;
  if (!node.categorical) return { kind: 'numeric', ...split, threshold: binning.upperEdges[node.thresholdBin - 1]! };

  const sides = node.binSides!;
  const leftCategories: number[] = [];
  const rightCategories: number[] = [];
  binning.binOfCode.forEach((bin, code) => {
    if (sides[bin] === BIN_SIDES.left) leftCategories.push(code);
    else if (sides[bin] === BIN_SIDES.right) rightCategories.push(code);
  });
  return { kind: 'categorical', ...split, leftCategories, rightCategories, unseenGoesLeft: node.unseenGoesLeft };
}

/** The leaf a training row reaches, read from its bins: for rows a tree was not grown on. */
export function binnedLeafValue(nodes: readonly GrownNode[], binned: BinnedMatrix, row: number): number {
  const { bins, firstBin } = binned;
  const rowStart = row * binned.features.length;
  let node = nodes[0]!;
  while (node.feature >= 0) node = nodes[node.goesLeft![bins[rowStart + node.feature]! - firstBin[node.feature]!] === 1 ? node.left : node.right]!;
  return node.value;
}
