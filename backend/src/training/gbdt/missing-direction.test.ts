import assert from 'node:assert/strict';
import { predictRow } from './predict.ts';
import { SeededRandom } from './seeded-random.ts';
import { featureMatrix } from './test-support/feature-matrices.ts';
import { trainGbdt } from './train-gbdt.ts';
import type { NumericSplitNode } from './tree-model.ts';

/** x in [0, 1): high x is mostly positive, low x mostly negative; missing rows have their own rate. */
function dataWithMissing(missingPositiveRate: number, missingShare: number, seed: number) {
  const random = new SeededRandom(seed);
  const rowCount = 6_000;
  const x = new Float64Array(rowCount);
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const missing = random.next() < missingShare;
    x[row] = missing ? Number.NaN : random.next();
    const rate = missing ? missingPositiveRate : x[row]! > 0.5 ? 0.8 : 0.2;
    labels[row] = random.next() < rate ? 1 : 0;
  }
  return featureMatrix([{ name: 'x', kind: 'numeric', values: x }], labels);
}

function rootOf(model: Awaited<ReturnType<typeof trainGbdt>>['model']): NumericSplitNode {
  const root = model.trees[0]!.nodes[0]!;
  assert.equal(root.kind, 'numeric');
  return root;
}

describe('gradient-boosted trees and missing values', function () {
  this.timeout(30_000);
  const oneSplit = { rounds: 1, maxLeaves: 2, learningRate: 1 };

  it('should send missing values to the positive side when the missing rows are mostly positive', async () => {
    const { model } = await trainGbdt(dataWithMissing(0.9, 0.3, 1), { params: oneSplit });
    const root = rootOf(model);
    assert.ok(Math.abs(root.threshold - 0.5) < 0.02, `threshold ${root.threshold} near 0.5`);
    assert.equal(root.missingGoesLeft, false, 'right holds the high, mostly positive x');
    assert.equal(predictRow(model, Float64Array.of(Number.NaN)), predictRow(model, Float64Array.of(0.9)));
    assert.ok(predictRow(model, Float64Array.of(Number.NaN)) > predictRow(model, Float64Array.of(0.1)));
  });

  it('should send missing values to the negative side when the missing rows are mostly negative', async () => {
    const { model } = await trainGbdt(dataWithMissing(0.05, 0.3, 2), { params: oneSplit });
    const root = rootOf(model);
    assert.equal(root.missingGoesLeft, true);
    assert.equal(predictRow(model, Float64Array.of(Number.NaN)), predictRow(model, Float64Array.of(0.1)));
  });

  it('should treat Infinity like a missing value when predicting, as training does', async () => {
    const { model } = await trainGbdt(dataWithMissing(0.9, 0.3, 3), { params: oneSplit });
    const missing = predictRow(model, Float64Array.of(Number.NaN));
    assert.equal(predictRow(model, Float64Array.of(Number.POSITIVE_INFINITY)), missing);
    assert.equal(predictRow(model, Float64Array.of(Number.NEGATIVE_INFINITY)), missing);
  });

  it('should send missing values the way most training rows went when training saw none', async () => {
    const random = new SeededRandom(4);
    const x = Float64Array.from({ length: 5_000 }, () => random.next());
    // Only x above 0.8 is positive: the split's right side is small, so the majority is left.
    const labels = x.map((value) => (value > 0.8 ? (random.next() < 0.9 ? 1 : 0) : random.next() < 0.1 ? 1 : 0));
    const { model } = await trainGbdt(featureMatrix([{ name: 'x', kind: 'numeric', values: x }], labels), { params: oneSplit });
    const root = rootOf(model);
    const [left, right] = [model.trees[0]!.nodes[root.left]!, model.trees[0]!.nodes[root.right]!];
    assert.ok(left.cover > right.cover);
    assert.equal(root.missingGoesLeft, true);
  });

  it('should split on missingness alone when only the missing rows differ', async () => {
    const random = new SeededRandom(5);
    const rowCount = 4_000;
    const x = new Float64Array(rowCount);
    const labels = new Float64Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const missing = random.next() < 0.25;
      x[row] = missing ? Number.NaN : random.next();
      labels[row] = random.next() < (missing ? 0.85 : 0.15) ? 1 : 0;
    }
    const { model } = await trainGbdt(featureMatrix([{ name: 'x', kind: 'numeric', values: x }], labels), { params: oneSplit });
    const root = rootOf(model);
    assert.equal(root.threshold, Number.MAX_VALUE, 'every present value goes left');
    assert.equal(root.missingGoesLeft, false);
    assert.equal(model.trees[0]!.nodes[root.right]!.samples, x.filter(Number.isNaN).length);
    assert.ok(Number.isFinite(JSON.parse(JSON.stringify(model)).trees[0].nodes[0].threshold), 'the threshold survives JSON');
  });
});
