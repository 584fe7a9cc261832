import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { averagePrecision, rocAuc } from './ranking-metrics.ts';
import { assertClose, randomPredictions } from './test-support/random-predictions.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

/** Every positive-negative pair, a tie counting half: the definition, in O(P x N). */
function bruteForceAuc(scores: Float64Array, labels: Float64Array): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((positive, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((negative, j) => {
      if (labels[j] !== 0) return;
      pairs += 1;
      wins += positive > negative ? 1 : positive === negative ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

/** scikit-learn's definition: sum over distinct thresholds of (R_k - R_k-1) P_k, each counted from scratch. */
function bruteForceAveragePrecision(scores: Float64Array, labels: Float64Array): number {
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  const positives = labels.reduce((sum, label) => sum + label, 0);
  let previousRecall = 0;
  let sum = 0;
  for (const threshold of thresholds) {
    let truePositives = 0;
    let predicted = 0;
    scores.forEach((score, row) => {
      if (score < threshold) return;
      predicted += 1;
      truePositives += labels[row]!;
    });
    const recall = truePositives / positives;
    sum += (recall - previousRecall) * (truePositives / predicted);
    previousRecall = recall;
  }
  return sum;
}

describe('rocAuc', () => {
  it('should give the textbook value on four rows', () => {
    assert.equal(rocAuc(f64([0.1, 0.4, 0.35, 0.8]), f64([0, 0, 1, 1])), 0.75);
  });

  it('should count a tie between a positive and a negative as half a win', () => {
    // Pairs (positive, negative): (0.5, 0.5) half, (0.5, 0.2), (0.8, 0.5), (0.8, 0.2) wins: 3.5 of 4.
    assert.equal(rocAuc(f64([0.5, 0.5, 0.2, 0.8]), f64([1, 0, 0, 1])), 0.875);
    assert.equal(rocAuc(f64([0.3, 0.3, 0.3, 0.3]), f64([1, 0, 1, 0])), 0.5, 'a constant score knows nothing');
  });

  it('should be 1 for a perfect ranking and 0 for a reversed one, on any finite scores', () => {
    assert.equal(rocAuc(f64([-3, -1, 2, 40]), f64([0, 0, 1, 1])), 1);
    assert.equal(rocAuc(f64([-3, -1, 2, 40]), f64([1, 1, 0, 0])), 0);
  });

  it('should agree with counting every pair on random data with and without ties', () => {
    for (const [seed, levels] of [[1, undefined], [2, 7], [3, 50], [4, 2]] as const) {
      const { probabilities, labels } = randomPredictions(700, seed, levels);
      assertClose(rocAuc(probabilities, labels), bruteForceAuc(probabilities, labels), 1e-12, `seed ${seed}`);
    }
  });

  it('should refuse input it cannot judge with a clear error', () => {
    assert.throws(() => rocAuc(f64([]), f64([])), InvalidDataError);
    assert.throws(() => rocAuc(f64([0.2, 0.7]), f64([1, 1])), { name: 'InvalidDataError', message: /only positive outcomes/ });
    assert.throws(() => rocAuc(f64([0.2, 0.7]), f64([1])), ValidationError);
    assert.throws(() => rocAuc(f64([0.2, Number.NaN]), f64([1, 0])), { name: 'InvalidDataError', message: /NaN at index 1/ });
    assert.throws(() => rocAuc(f64([0.2, 0.4]), f64([1, Number.NaN])), { name: 'InvalidDataError', message: /unlabeled/ });
    assert.throws(() => rocAuc(f64([0.2, 0.4]), f64([1, 2])), { name: 'InvalidDataError', message: /label 2/ });
  });
});

describe('averagePrecision', () => {
  it('should give the textbook value on four rows', () => {
    // Highest first: 0.8 positive (precision 1, recall 0.5), 0.4 negative, 0.35 positive (precision 2/3, recall 1).
    assertClose(averagePrecision(f64([0.1, 0.4, 0.35, 0.8]), f64([0, 0, 1, 1])), 0.5 * 1 + 0.5 * (2 / 3), 1e-15);
  });

  it('should treat tied scores as one threshold', () => {
    // 0.8: one positive (precision 1); the tie at 0.5 adds a positive and a negative at once (precision 2/3).
    assertClose(averagePrecision(f64([0.5, 0.5, 0.2, 0.8]), f64([1, 0, 0, 1])), (1 + 2 / 3) / 2, 1e-15);
    assertClose(averagePrecision(f64([0.3, 0.3, 0.3, 0.3]), f64([1, 0, 0, 0])), 0.25, 1e-15, 'a constant score gets the base rate');
  });

  it('should agree with the definition computed threshold by threshold on random data', () => {
    for (const [seed, levels] of [[5, undefined], [6, 5], [7, 40]] as const) {
      const { probabilities, labels } = randomPredictions(500, seed, levels);
      assertClose(averagePrecision(probabilities, labels), bruteForceAveragePrecision(probabilities, labels), 1e-12, `seed ${seed}`);
    }
  });
});
