import assert from 'node:assert/strict';
import { plantedData } from './test-support/planted-data.ts';
import { trainGbdt } from './train-gbdt.ts';
import type { Tree } from './tree-model.ts';

function depths(tree: Tree): number[] {
  const depth = new Array<number>(tree.nodes.length).fill(0);
  tree.nodes.forEach((node, index) => {
    if (node.kind === 'leaf') return;
    depth[node.left] = depth[index]! + 1;
    depth[node.right] = depth[index]! + 1;
  });
  return depth;
}

function leaves(tree: Tree) {
  return tree.nodes.filter((node) => node.kind === 'leaf');
}

describe('gradient-boosted trees shape and regularization', function () {
  this.timeout(30_000);
  const { matrix } = plantedData(6_000, 71);

  it('should respect maxLeaves and maxDepth', async () => {
    const { model } = await trainGbdt(matrix, { params: { rounds: 10, maxLeaves: 64, maxDepth: 3 } });
    for (const tree of model.trees) {
      assert.ok(Math.max(...depths(tree)) <= 3);
      assert.ok(leaves(tree).length <= 8);
    }
    const wide = await trainGbdt(matrix, { params: { rounds: 10, maxLeaves: 7 } });
    assert.ok(wide.model.trees.every((tree) => leaves(tree).length === 7));
  });

  it('should keep minSamplesLeaf rows and minChildWeight hessian in every leaf', async () => {
    const { model } = await trainGbdt(matrix, { params: { rounds: 10, minSamplesLeaf: 150, minChildWeight: 40 } });
    for (const tree of model.trees) {
      for (const leaf of leaves(tree)) {
        assert.ok(leaf.samples >= 150);
        assert.ok(leaf.cover >= 40);
      }
    }
  });

  it('should fold the learning rate into the leaf values and shrink them with lambda', async () => {
    const slow = await trainGbdt(matrix, { params: { rounds: 1, learningRate: 0.1 } });
    const fast = await trainGbdt(matrix, { params: { rounds: 1, learningRate: 0.5 } });
    slow.model.trees[0]!.nodes.forEach((node, index) => {
      assert.ok(Math.abs(fast.model.trees[0]!.nodes[index]!.value - 5 * node.value) < 1e-12, 'the first tree is the same but for the rate');
    });
    const shrunk = await trainGbdt(matrix, { params: { rounds: 1, lambda: 1_000, maxLeaves: 2 } });
    const plain = await trainGbdt(matrix, { params: { rounds: 1, maxLeaves: 2 } });
    const largest = (tree: Tree): number => Math.max(...leaves(tree).map((leaf) => Math.abs(leaf.value)));
    assert.ok(largest(shrunk.model.trees[0]!) < largest(plain.model.trees[0]!));
  });

  it('should stop splitting once no split gains more than minSplitGain', async () => {
    const { model } = await trainGbdt(matrix, { params: { rounds: 3, minSplitGain: 1e9 } });
    assert.ok(model.trees.every((tree) => tree.nodes.length === 1));
  });

  it('should split only on sampled features and always sample at least one', async () => {
    const { model } = await trainGbdt(matrix, { params: { rounds: 20, colSubsample: 0.01, maxLeaves: 4 } });
    for (const tree of model.trees) {
      const used = new Set(tree.nodes.flatMap((node) => (node.kind === 'leaf' ? [] : [node.feature])));
      assert.ok(used.size <= 1);
    }
  });
});
