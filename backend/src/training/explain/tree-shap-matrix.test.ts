import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { predictRaw } from '../gbdt/predict.ts';
import { plantedData } from '../gbdt/test-support/planted-data.ts';
import { splitRows } from '../gbdt/test-support/feature-matrices.ts';
import { trainGbdt } from '../gbdt/train-gbdt.ts';
import { createTreeShapExplainer, treeShap, treeShapMatrix } from './tree-shap.ts';

describe('TreeSHAP over a matrix', function () {
  this.timeout(60_000);
  const { matrix } = plantedData(2_000, 33);
  const [train, scoring] = splitRows(matrix, 1_500);
  const modelPromise = trainGbdt(train, { params: { rounds: 40, seed: 4, earlyStoppingRounds: null } });

  it('should give each row what the one-row explainer gives it, and add up to predictRaw', async () => {
    const { model } = await modelPromise;
    const { base, contributions, featureCount } = treeShapMatrix(model, scoring);
    assert.equal(featureCount, scoring.features.length);
    assert.equal(contributions.length, scoring.rowCount * featureCount);
    const raw = predictRaw(model, scoring);
    for (let row = 0; row < scoring.rowCount; row++) {
      const rowContributions = contributions.subarray(row * featureCount, (row + 1) * featureCount);
      const single = treeShap(model, Float64Array.from(scoring.columns, (column) => column[row]!));
      assert.equal(single.base, base);
      assert.deepEqual(rowContributions, single.contributions);
      const total = rowContributions.reduce((sum, contribution) => sum + contribution, base);
      assert.ok(Math.abs(total - raw[row]!) < 1e-9);
    }
  });

  it('should write into the buffer it is given and refuse one of the wrong size', async () => {
    const { model } = await modelPromise;
    const explainer = createTreeShapExplainer(model);
    const buffer = new Float64Array(scoring.rowCount * scoring.features.length).fill(123);
    const result = explainer.explainMatrix(scoring, buffer);
    assert.equal(result.contributions, buffer);
    assert.deepEqual(buffer, treeShapMatrix(model, scoring).contributions);
    assert.throws(() => explainer.explainMatrix(scoring, new Float64Array(3)), RangeError);
    const out = new Float64Array(scoring.features.length).fill(7);
    const values = Float64Array.from(scoring.columns, (column) => column[0]!);
    assert.equal(explainer.explainRowInto(values, out), out);
    assert.deepEqual(out, buffer.subarray(0, out.length));
  });

  it('should be deterministic: the same bits from a new explainer and from a retrained model', async () => {
    const { model } = await modelPromise;
    const again = await trainGbdt(train, { params: { rounds: 40, seed: 4, earlyStoppingRounds: null } });
    const first = createTreeShapExplainer(model).explainMatrix(scoring);
    const second = createTreeShapExplainer(again.model).explainMatrix(scoring);
    assert.equal(first.base, second.base);
    assert.deepEqual(first.contributions, second.contributions);
    assert.deepEqual(createTreeShapExplainer(model).explainMatrix(scoring).contributions, first.contributions);
  });

  it('should refuse a matrix whose features are not the model\'s', async () => {
    const { model } = await modelPromise;
    const reordered = { ...scoring, features: [...scoring.features].reverse(), columns: [...scoring.columns].reverse() };
    assert.throws(() => treeShapMatrix(model, reordered), InvalidDataError);
  });
});
