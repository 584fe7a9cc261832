import assert from 'node:assert/strict';
import { SeededRandom } from '../gbdt/seeded-random.ts';
import { plantedData } from '../gbdt/test-support/planted-data.ts';
import { trainGbdt } from '../gbdt/train-gbdt.ts';
import type { TreeModel } from '../gbdt/tree-model.ts';
import { bruteForceShapley } from './test-support/brute-force-shapley.ts';
import { randomModel, randomRow } from './test-support/random-models.ts';
import { createTreeShapExplainer } from './tree-shap.ts';

function assertAgrees(model: TreeModel, values: Float64Array): void {
  const explainer = createTreeShapExplainer(model);
  const fast = explainer.explainRow(values);
  const slow = bruteForceShapley(model, values);
  assert.ok(Math.abs(fast.base - slow.base) < 1e-9, `base ${fast.base} vs ${slow.base}`);
  slow.contributions.forEach((expected, feature) => {
    const actual = fast.contributions[feature]!;
    assert.ok(Math.abs(actual - expected) < 1e-9, `feature ${feature} of [${Array.from(values)}]: ${actual} vs ${expected}`);
  });
}

describe('TreeSHAP against brute-force Shapley values', function () {
  this.timeout(60_000);

  it('should agree on random trees that split on one feature many times', () => {
    const random = new SeededRandom(5);
    for (let seed = 0; seed < 40; seed++) {
      const model = randomModel(seed, 2 + (seed % 7), 3, 2 + (seed % 6));
      for (let row = 0; row < 10; row++) assertAgrees(model, randomRow(random, model));
    }
  });

  it('should agree on deep trees over few features and on a long chain', () => {
    const random = new SeededRandom(6);
    for (let seed = 0; seed < 10; seed++) {
      const model = randomModel(200 + seed, 1 + (seed % 3), 2, 13);
      for (let row = 0; row < 10; row++) assertAgrees(model, randomRow(random, model));
    }
    // x0 > t goes on down a chain of 60 splits alternating x0 and x1, each leaving a leaf on the left.
    const model = randomModel(1, 2, 1, 0);
    const nodes: TreeModel['trees'][number]['nodes'] = [];
    for (let level = 0; level < 60; level++) {
      const cover = 60 - level + 1;
      nodes.push({ kind: 'numeric', feature: 0, threshold: level / 60, missingGoesLeft: false, left: nodes.length + 1, right: nodes.length + 2, gain: 1, cover, samples: 1, value: 0 });
      nodes.push({ kind: 'leaf', value: Math.sin(level), cover: 1, samples: 1 });
    }
    nodes.push({ kind: 'leaf', value: 5, cover: 1, samples: 1 });
    // Alternate the features down the chain; the second is categorical in randomModel, so give it a categorical split.
    nodes.forEach((node, index) => {
      if (node.kind === 'numeric' && (index / 2) % 2 === 1) {
        nodes[index] = { ...node, kind: 'categorical', feature: 1, leftCategories: [0], rightCategories: [1, 2], unseenGoesLeft: false };
      }
    });
    const chain: TreeModel = { ...model, trees: [{ nodes }] };
    for (const values of [Float64Array.of(0.99, 1), Float64Array.of(0.5, 1), Float64Array.of(Number.NaN, 0), Float64Array.of(0.99, 4)]) assertAgrees(chain, values);
  });

  it('should agree on trained models with missing values and categorical splits', async () => {
    // Seven features: two categorical, one missing in 20% of rows.
    const { matrix } = plantedData(3_000, 17);
    const random = new SeededRandom(9);
    for (const params of [
      { rounds: 5, maxLeaves: 8, seed: 1 },
      { rounds: 4, maxLeaves: 16, maxDepth: 5, minSamplesLeaf: 5, seed: 2 },
      { rounds: 6, maxLeaves: 6, rowSubsample: 0.5, colSubsample: 0.6, seed: 3 },
    ]) {
      const { model } = await trainGbdt(matrix, { params: { ...params, earlyStoppingRounds: null } });
      for (let row = 0; row < 40; row++) {
        const values = Float64Array.from(matrix.columns, (column) => column[row]!);
        if (row % 4 === 1) values[random.int(values.length)] = Number.NaN;
        if (row % 4 === 2) values[0] = 12; // a segment code the model never saw
        assertAgrees(model, values);
      }
    }
  });
});
