import { compileTree, type CompiledTree } from '../gbdt/compiled-tree.ts';
import type { Tree } from '../gbdt/tree-model.ts';

/**
 * A tree of the model as TreeSHAP reads it: the predictor's own compiled arrays (so splits are the
 * same numbers prediction compares against), plus each child's share of its parent's cover and
 * the tree's expected output.
 */
export interface ShapTree {
  compiled: CompiledTree;
  /**
   * Share of its parent's cover that each node holds (1 at the root): the probability that a row
   * with the split's feature unknown goes this way. Normalized by the sum of the two children's
   * covers rather than the parent's own, so that the shares of two siblings add up to exactly 1
   * even when float rounding made the parent's cover differ from their sum; both children
   * without cover (only in hand-made models) get half each.
   */
  coverShare: Float64Array;
  /** Cover-weighted mean leaf value: the tree's expected output over its own training rows. */
  expectedValue: number;
}

export function toShapTree(tree: Tree): ShapTree {
  const compiled = compileTree(tree);
  const count = tree.nodes.length;
  const coverShare = new Float64Array(count);
  coverShare[0] = 1;
  // Children always come after their parent, so one forward pass sees every parent first.
  tree.nodes.forEach((node) => {
    if (node.kind === 'leaf') return;
    const left = tree.nodes[node.left]!.cover;
    const right = tree.nodes[node.right]!.cover;
    const total = left + right;
    coverShare[node.left] = total > 0 ? left / total : 0.5;
    coverShare[node.right] = total > 0 ? right / total : 0.5;
  });
  return { compiled, coverShare, expectedValue: expectedValueOf(compiled, coverShare) };
}

/** Backwards, because each node's expectation needs its children's, which come after it. */
function expectedValueOf(tree: CompiledTree, coverShare: Float64Array): number {
  const expected = Float64Array.from(tree.value);
  for (let node = tree.feature.length - 1; node >= 0; node--) {
    if (tree.feature[node]! < 0) continue;
    const left = tree.left[node]!;
    const right = tree.right[node]!;
    expected[node] = coverShare[left]! * expected[left]! + coverShare[right]! * expected[right]!;
  }
  return expected[0]!;
}
