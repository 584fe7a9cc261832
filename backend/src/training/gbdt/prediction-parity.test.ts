import assert from 'node:assert/strict';
import { logistic } from './log-loss.ts';
import { predictProbability, predictRaw, predictRow } from './predict.ts';
import { SeededRandom } from './seeded-random.ts';
import { featureMatrix } from './test-support/feature-matrices.ts';
import { trainGbdt } from './train-gbdt.ts';
import { parseTreeModel } from './tree-model.ts';

/**
 * Awkward raw values for the model to route: few bins (so most values fall between edges),
 * exact edge values, missing values as NaN and ±Infinity, and a categorical with more codes than
 * bins. Rows are trained on a sample per tree, so some training rows are scored by bins, not leaves.
 */
function awkwardMatrix(rowCount: number, seed: number) {
  const random = new SeededRandom(seed);
  const fine = new Float64Array(rowCount);
  const coarse = new Float64Array(rowCount);
  const codes = new Float64Array(rowCount);
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const draw = random.next();
    fine[row] = draw < 0.05 ? Number.NaN : draw < 0.07 ? Number.POSITIVE_INFINITY : draw < 0.08 ? Number.NEGATIVE_INFINITY : random.next() * 1000 - 500;
    coarse[row] = random.int(7) * 0.1;
    codes[row] = random.next() < 0.05 ? Number.NaN : random.int(40);
    const logit = (Number.isFinite(fine[row]!) ? fine[row]! / 300 : 1) + (coarse[row]! > 0.3 ? 0.8 : -0.4) + (codes[row]! % 3) * 0.5 - 0.7;
    labels[row] = random.next() < logistic(logit) ? 1 : 0;
  }
  return featureMatrix(
    [
      { name: 'fine', kind: 'numeric', values: fine },
      { name: 'coarse', kind: 'numeric', values: coarse },
      { name: 'code', kind: 'categorical', values: codes, categoryCount: 40 },
    ],
    labels,
  );
}

describe('gradient-boosted trees prediction on raw values', function () {
  this.timeout(60_000);
  const matrix = awkwardMatrix(6_000, 41);
  const params = { rounds: 40, maxBins: 16, maxCategoryBins: 12, rowSubsample: 0.8, colSubsample: 0.7, seed: 5 };

  it('should reproduce the booster\'s own training scores from the model on raw values', async () => {
    const result = await trainGbdt(matrix, { params });
    const predicted = predictRaw(result.model, matrix);
    for (let row = 0; row < matrix.rowCount; row++) {
      assert.ok(Math.abs(predicted[row]! - result.trainRawScores[row]!) <= 1e-12, `row ${row}: ${predicted[row]} vs ${result.trainRawScores[row]}`);
    }
  });

  it('should score one row as the whole matrix scores it, in raw and probability form', async () => {
    const { model } = await trainGbdt(matrix, { params });
    const raw = predictRaw(model, matrix);
    const probability = predictProbability(model, matrix);
    const values = new Float64Array(3);
    for (let row = 0; row < 500; row++) {
      for (let feature = 0; feature < 3; feature++) values[feature] = matrix.columns[feature]![row]!;
      assert.equal(predictRow(model, values), raw[row]);
      assert.equal(probability[row], logistic(raw[row]!));
    }
  });

  it('should predict the same after the model goes through JSON and validation', async () => {
    const { model } = await trainGbdt(matrix, { params });
    const restored = parseTreeModel(JSON.parse(JSON.stringify(model)));
    assert.deepEqual(restored, model);
    assert.deepEqual(predictRaw(restored, matrix), predictRaw(model, matrix));
  });

  it('should put every tree\'s training rows and hessians into its nodes\' samples and cover', async () => {
    const { model } = await trainGbdt(matrix, { params: { ...params, rowSubsample: 1 } });
    for (const tree of model.trees) {
      for (const node of tree.nodes) {
        if (node.kind === 'leaf') continue;
        const [left, right] = [tree.nodes[node.left]!, tree.nodes[node.right]!];
        assert.equal(left.samples + right.samples, node.samples);
        assert.ok(Math.abs(left.cover + right.cover - node.cover) < 1e-9 * node.cover);
      }
      assert.equal(tree.nodes[0]!.samples, matrix.rowCount);
    }
  });
});
