import assert from 'node:assert/strict';
import { predictRow } from '../gbdt/predict.ts';
import { SeededRandom } from '../gbdt/seeded-random.ts';
import { featureMatrix } from '../gbdt/test-support/feature-matrices.ts';
import { trainGbdt } from '../gbdt/train-gbdt.ts';
import type { TreeModel } from '../gbdt/tree-model.ts';
import { randomModel, randomRow } from './test-support/random-models.ts';
import { createTreeShapExplainer } from './tree-shap.ts';

function assertAdditive(model: TreeModel, values: Float64Array): void {
  const { base, contributions } = createTreeShapExplainer(model).explainRow(values);
  let total = base;
  for (const contribution of contributions) total += contribution;
  const raw = predictRow(model, values);
  assert.ok(Math.abs(total - raw) < 1e-9, `base + Σ contributions = ${total}, the raw score ${raw}`);
}

/** Twelve features: numbers with NaN, a wide and a narrow categorical, and noise. */
function generatedData(rowCount: number, seed: number) {
  const random = new SeededRandom(seed);
  const columns = Array.from({ length: 12 }, () => new Float64Array(rowCount));
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    for (let feature = 0; feature < 10; feature++) columns[feature]![row] = random.next() < 0.15 ? Number.NaN : random.next() * 4 - 2;
    columns[10]![row] = random.int(30);
    columns[11]![row] = random.next() < 0.1 ? Number.NaN : random.int(4);
    const x0 = Number.isNaN(columns[0]![row]!) ? 1 : columns[0]![row]!;
    const logit = x0 - (columns[1]![row]! > 0 ? 1 : 0) + ((columns[10]![row]! % 3) - 1) + (columns[11]![row] === 2 ? 1 : 0);
    labels[row] = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return featureMatrix(
    columns.map((values, index) =>
      index < 10
        ? { name: `x${index}`, kind: 'numeric' as const, values }
        : { name: `c${index}`, kind: 'categorical' as const, values, categoryCount: index === 10 ? 30 : 4 },
    ),
    labels,
  );
}

describe('TreeSHAP additivity', function () {
  this.timeout(60_000);

  it('should add up to the raw score on trained models and random rows', async () => {
    const matrix = generatedData(4_000, 3);
    const random = new SeededRandom(21);
    for (const params of [
      { rounds: 30, seed: 1 },
      { rounds: 20, maxLeaves: 63, minSamplesLeaf: 3, seed: 2 },
      { rounds: 25, maxLeaves: 8, rowSubsample: 0.7, colSubsample: 0.5, learningRate: 0.3, seed: 3 },
    ]) {
      const { model } = await trainGbdt(matrix, { params: { ...params, earlyStoppingRounds: null } });
      for (let row = 0; row < 200; row++) {
        const values = Float64Array.from(matrix.columns, (column) => column[random.int(matrix.rowCount)]!);
        // Perturb: missing, infinite, unseen or fractional codes, values beyond the training range.
        const feature = random.int(values.length);
        values[feature] = [Number.NaN, Infinity, 99, 2.5, -1e9, 1e9][random.int(6)]!;
        assertAdditive(model, values);
      }
    }
  });

  it('should add up to the raw score on deep random trees', () => {
    const random = new SeededRandom(8);
    for (let seed = 0; seed < 20; seed++) {
      const model = randomModel(100 + seed, 10, 10, 12);
      for (let row = 0; row < 20; row++) assertAdditive(model, randomRow(random, model));
    }
  });
});
