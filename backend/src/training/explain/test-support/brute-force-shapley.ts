import type { Tree, TreeModel, TreeNode } from '../../gbdt/tree-model.ts';

/**
 * Shapley values by definition, for checking TreeSHAP: every subset S of the model's features is
 * enumerated, its value v(S) being each tree's expected output when the features in S are the
 * row's and the others are unknown, an unknown feature's split sending the row down both sides
 * weighted by the children's covers. Written from the model JSON alone (its own routing, no code
 * shared with the explainer) and exponential in the feature count, so only for ≤ 12 features.
 */
export function bruteForceShapley(model: TreeModel, values: Float64Array): { base: number; contributions: Float64Array } {
  const n = model.features.length;
  if (n > 12) throw new RangeError('brute force is for small models');
  const subsetCount = 1 << n;
  const subsetValue = new Float64Array(subsetCount);
  for (let subset = 0; subset < subsetCount; subset++) {
    let total = model.baseScore;
    for (const tree of model.trees) total += expectation(tree, 0, subset, values);
    subsetValue[subset] = total;
  }
  const factorial = [1];
  for (let i = 1; i <= n; i++) factorial.push(factorial[i - 1]! * i);
  const contributions = new Float64Array(n);
  for (let feature = 0; feature < n; feature++) {
    const bit = 1 << feature;
    for (let subset = 0; subset < subsetCount; subset++) {
      if (subset & bit) continue;
      const size = popCount(subset);
      const weight = (factorial[size]! * factorial[n - size - 1]!) / factorial[n]!;
      contributions[feature]! += weight * (subsetValue[subset | bit]! - subsetValue[subset]!);
    }
  }
  return { base: subsetValue[0]!, contributions };
}

function expectation(tree: Tree, index: number, known: number, values: Float64Array): number {
  const node = tree.nodes[index]!;
  if (node.kind === 'leaf') return node.value;
  if (known & (1 << node.feature)) return expectation(tree, goesLeft(node, values[node.feature]!) ? node.left : node.right, known, values);
  const [leftWeight, rightWeight] = coverShares(tree, node);
  return leftWeight * expectation(tree, node.left, known, values) + rightWeight * expectation(tree, node.right, known, values);
}

/** The children's shares of their covers; hand-made trees may have children without cover, which then count half each. */
export function coverShares(tree: Tree, node: Exclude<TreeNode, { kind: 'leaf' }>): [number, number] {
  const leftCover = tree.nodes[node.left]!.cover;
  const rightCover = tree.nodes[node.right]!.cover;
  const total = leftCover + rightCover;
  return total > 0 ? [leftCover / total, rightCover / total] : [0.5, 0.5];
}

/** Routing as the model format defines it (tree-model.ts and the gbdt README). */
export function goesLeft(node: Exclude<TreeNode, { kind: 'leaf' }>, value: number): boolean {
  if (Number.isNaN(value) || value === Infinity || value === -Infinity) return node.missingGoesLeft;
  if (node.kind === 'numeric') return value <= node.threshold;
  if (node.leftCategories.includes(value)) return true;
  if (node.rightCategories.includes(value)) return false;
  return node.unseenGoesLeft;
}

function popCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}
