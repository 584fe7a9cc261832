import assert from 'node:assert/strict';
import { SeededRandom } from '../gbdt/seeded-random.ts';
import { compileTree, leafValueOfRow } from '../gbdt/compiled-tree.ts';
import type { Tree } from '../gbdt/tree-model.ts';
import { buildShapForest, goesLeft } from './shap-forest.ts';
import { toShapTree } from './shap-tree.ts';
import { randomModel, randomRow } from './test-support/random-models.ts';

/** The leaf a row reaches by the explainer's routing. */
function leafOf(tree: Tree, values: Float64Array): number {
  const forest = buildShapForest([toShapTree(tree)]);
  const splitOf = new Map(Array.from(forest.node, (node, split) => [node, split]));
  let node = 0;
  for (let split = splitOf.get(node); split !== undefined; split = splitOf.get(node)) {
    node = goesLeft(forest, split, values[forest.feature[split]!]!) ? forest.left[split]! : forest.right[split]!;
  }
  return node;
}

describe('TreeSHAP routing', () => {
  it('should send every row to the leaf prediction sends it to', () => {
    const random = new SeededRandom(11);
    for (let seed = 0; seed < 20; seed++) {
      const model = randomModel(seed, 6, 5, 6);
      for (const tree of model.trees) {
        // A copy whose nodes output their own index tells which leaf prediction reached.
        const numbered: Tree = { nodes: tree.nodes.map((node, index) => ({ ...node, value: index })) };
        const compiled = compileTree(numbered);
        for (let row = 0; row < 50; row++) {
          const values = randomRow(random, model);
          assert.equal(leafOf(tree, values), leafValueOfRow(compiled, values));
        }
      }
    }
  });
});
