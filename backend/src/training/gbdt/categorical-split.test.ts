import assert from 'node:assert/strict';
import { predictRaw, predictRow } from './predict.ts';
import { SeededRandom } from './seeded-random.ts';
import { featureMatrix } from './test-support/feature-matrices.ts';
import { trainGbdt } from './train-gbdt.ts';
import type { CategoricalSplitNode, TreeModel } from './tree-model.ts';

const HIGH_RATE_CODES = [0, 3, 5, 7, 10];
const LOW_RATE_CODES = [1, 2, 4, 6, 8, 9, 11];

/** Twelve categories in two groups with very different positive rates, in no order of their codes. */
function twoGroups(seed: number, missingRate: number | null) {
  const random = new SeededRandom(seed);
  const rowCount = 8_000;
  const codes = new Float64Array(rowCount);
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const missing = missingRate !== null && random.next() < 0.1;
    codes[row] = missing ? Number.NaN : random.int(12);
    const rate = missing ? missingRate! : HIGH_RATE_CODES.includes(codes[row]!) ? 0.8 : 0.15;
    labels[row] = random.next() < rate ? 1 : 0;
  }
  return featureMatrix([{ name: 'industry', kind: 'categorical', values: codes, categoryCount: 12 }], labels);
}

function rootOf(model: TreeModel): CategoricalSplitNode {
  const root = model.trees[0]!.nodes[0]!;
  assert.equal(root.kind, 'categorical');
  return root;
}

describe('gradient-boosted trees on categorical features', function () {
  this.timeout(30_000);
  const oneSplit = { rounds: 1, maxLeaves: 2, learningRate: 1 };

  it('should find both groups of categories in a single split', async () => {
    const { model } = await trainGbdt(twoGroups(1, null), { params: oneSplit });
    const root = rootOf(model);
    const groups = [root.leftCategories, root.rightCategories].map((codes) => [...codes].sort((a, b) => a - b));
    assert.deepEqual(new Set(groups.map((group) => JSON.stringify(group))), new Set([JSON.stringify(HIGH_RATE_CODES), JSON.stringify(LOW_RATE_CODES)]));
    const high = predictRow(model, Float64Array.of(HIGH_RATE_CODES[0]!));
    for (const code of HIGH_RATE_CODES) assert.equal(predictRow(model, Float64Array.of(code)), high);
    for (const code of LOW_RATE_CODES) assert.ok(predictRow(model, Float64Array.of(code)) < high);
  });

  it('should send an unseen code the way of the side with more hessian, and store that direction', async () => {
    const { model } = await trainGbdt(twoGroups(2, null), { params: oneSplit });
    const root = rootOf(model);
    const [left, right] = [model.trees[0]!.nodes[root.left]!, model.trees[0]!.nodes[root.right]!];
    assert.equal(root.unseenGoesLeft, left.cover >= right.cover);
    const heavier = left.cover >= right.cover ? left : right;
    for (const unseen of [12, 42, 1e6, 2.5, -1]) {
      assert.equal(predictRow(model, Float64Array.of(unseen)), model.baseScore + heavier.value, `code ${unseen}`);
    }
  });

  it('should group missing values with the categories they behave like', async () => {
    const { model } = await trainGbdt(twoGroups(3, 0.85), { params: oneSplit });
    const root = rootOf(model);
    const highSideIsLeft = root.leftCategories.includes(HIGH_RATE_CODES[0]!);
    assert.equal(root.missingGoesLeft, highSideIsLeft);
  });

  it('should fold codes beyond maxCategoryBins into one shared bin and list its codes on the side it went', async () => {
    const random = new SeededRandom(4);
    const rowCount = 12_000;
    const codes = new Float64Array(rowCount);
    const labels = new Float64Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      // Codes 0..6 are common enough for bins of their own; 7..39 are rare and positive-leaning, so
      // their shared bin has a clear side.
      const draw = random.next();
      codes[row] = draw < 0.75 ? random.int(6) : draw < 0.8 ? 6 : 7 + random.int(33);
      const rate = codes[row]! >= 6 ? 0.7 : codes[row]! % 2 === 0 ? 0.1 : 0.4;
      labels[row] = random.next() < rate ? 1 : 0;
    }
    const matrix = featureMatrix([{ name: 'code', kind: 'categorical', values: codes, categoryCount: 40 }], labels);
    const result = await trainGbdt(matrix, { params: { rounds: 5, maxCategoryBins: 8 } });
    const root = rootOf(result.model);
    const listed = [...root.leftCategories, ...root.rightCategories];
    for (let code = 7; code < 40; code++) assert.ok(listed.includes(code), `rare code ${code} is listed`);
    const sideOf = (code: number): boolean => root.leftCategories.includes(code);
    for (let code = 8; code < 40; code++) assert.equal(sideOf(code), sideOf(7), 'the shared bin goes one way');
    assert.deepEqual(predictRaw(result.model, matrix), result.trainRawScores);
  });
});
