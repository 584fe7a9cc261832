import assert from 'node:assert/strict';
import { predictRaw } from './predict.ts';
import { splitRows } from './test-support/feature-matrices.ts';
import { plantedData } from './test-support/planted-data.ts';
import { rankAuc } from './test-support/rank-auc.ts';
import { trainGbdt } from './train-gbdt.ts';

/**
 * The trainer against data whose true probabilities are known: the best AUC any model can reach
 * on the holdout is the AUC of those probabilities, and the trained model must come close to it.
 */
describe('gradient-boosted trees on a planted signal', function () {
  this.timeout(60_000);

  it('should come within 0.02 of the true probabilities\' AUC on a holdout, finding a category effect, a threshold, an interaction and informative missingness', async () => {
    const { matrix, trueProbability } = plantedData(60_000, 11);
    const [train, rest] = splitRows(matrix, 40_000);
    const [validation, holdout] = splitRows(rest, 5_000);
    const result = await trainGbdt(train, { validation, params: { rounds: 400, seed: 3 } });

    const holdoutTruth = trueProbability.slice(45_000);
    const bestPossible = rankAuc(holdoutTruth, holdout.labels!);
    const achieved = rankAuc(predictRaw(result.model, holdout), holdout.labels!);
    assert.ok(bestPossible > 0.75, `the planted model separates well (true AUC ${bestPossible})`);
    assert.ok(achieved > bestPossible - 0.02, `AUC ${achieved} should be within 0.02 of ${bestPossible}`);
    assert.ok(achieved <= bestPossible + 0.01, 'no model beats the truth by more than chance');

    const gain = Object.fromEntries(result.importance.map((entry) => [entry.feature, entry.gain]));
    for (const signal of ['segment', 'score', 'a', 'b', 'income']) {
      assert.ok(gain[signal]! > 5 * gain.noise! && gain[signal]! > 5 * gain.noiseCategory!, `${signal} outranks the noise features`);
    }
  });

  it('should rank segments as planted when they are the only signal', async () => {
    const { matrix } = plantedData(20_000, 5);
    const segmentOnly = { ...matrix, features: matrix.features.slice(0, 1), columns: matrix.columns.slice(0, 1) };
    const result = await trainGbdt(segmentOnly, { params: { rounds: 50 } });
    const scoreOf = (segment: number): number => predictRaw(result.model, { ...segmentOnly, rowCount: 1, columns: [Float64Array.of(segment)], labels: null })[0]!;
    // Planted effects, lowest to highest: 0 (-1.2), 1 (-0.8), 2 (-0.4), 9 (-0.2), 3 and 4 (0), 5 (0.3), 6, 7, 8.
    const order = [0, 1, 2, 9, 5, 6, 7, 8];
    for (let index = 1; index < order.length; index++) {
      assert.ok(scoreOf(order[index]!) > scoreOf(order[index - 1]!), `segment ${order[index]} scores above segment ${order[index - 1]}`);
    }
  });
});
