import assert from 'node:assert/strict';
import { binMatrix } from './binned-matrix.ts';
import { parseGbdtParams } from './gbdt-params.ts';
import { labeledRows } from './labeled-rows.ts';
import { computeGradients, logOdds } from './log-loss.ts';
import { SeededRandom } from './seeded-random.ts';
import { plantedData } from './test-support/planted-data.ts';
import { createTreeGrower, type GrownNode, type TreeGrowerOptions } from './tree-grower.ts';

function growFirstTree(options: TreeGrowerOptions): GrownNode[] {
  const { matrix } = plantedData(5_000, 81);
  const params = parseGbdtParams({ maxLeaves: 40 });
  const labeled = labeledRows(matrix, 'training');
  const binned = binMatrix(matrix, labeled.rows, params, new SeededRandom(0));
  const scores = new Float64Array(labeled.rows.length).fill(logOdds(labeled.positives, labeled.rows.length));
  const grower = createTreeGrower(binned, params, options);
  computeGradients(scores, labeled.labels, grower.gradients);
  for (let row = 0; row < scores.length; row++) grower.rows[row] = row;
  return grower.grow(scores.length, Int32Array.from(matrix.features, (_, index) => index));
}

describe('tree grower', () => {
  it('should grow the same tree when the memory budget keeps no histogram of a waiting leaf', () => {
    const unlimited = growFirstTree({ histogramBudgetBytes: Number.MAX_SAFE_INTEGER });
    const starved = growFirstTree({ histogramBudgetBytes: 0 });
    const shape = (nodes: GrownNode[]) => nodes.map((node) => [node.feature, node.thresholdBin, node.left, node.right, node.count]);
    assert.equal(unlimited.filter((node) => node.feature < 0).length, 40);
    assert.deepEqual(shape(starved), shape(unlimited));
    starved.forEach((node, index) => assert.ok(Math.abs(node.value - unlimited[index]!.value) < 1e-12));
  });

  it('should grow the identical tree with histograms built in JavaScript', () => {
    const fast = growFirstTree({});
    const plain = growFirstTree({ webAssembly: false });
    assert.deepEqual(plain, fast);
  });
});
