import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { chooseF1Threshold, metricsAtThreshold } from './threshold-metrics.ts';
import { assertClose, randomPredictions } from './test-support/random-predictions.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('chooseF1Threshold', () => {
  it('should pick the threshold with the highest F1 and report the confusion matrix there', () => {
    // F1 = 2TP / (TP + FP + P) with P = 3: 0.9 -> 2/4, 0.8 -> 2/5, 0.7 -> 4/6, 0.6 -> 6/7, 0.5 -> 6/8, 0.4 -> 6/9.
    const result = chooseF1Threshold(f64([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]), f64([1, 0, 1, 1, 0, 0]));
    assert.equal(result.threshold, 0.6);
    assert.deepEqual(result.confusionMatrix, { truePositives: 3, falsePositives: 1, trueNegatives: 2, falseNegatives: 0 });
    assert.equal(result.precision, 0.75);
    assert.equal(result.recall, 1);
    assert.equal(result.f1, 6 / 7);
    assert.equal(result.accuracy, 5 / 6);
  });

  it('should break a tie in F1 towards the higher threshold', () => {
    // P = 2: at 0.9, TP 1 FP 0 gives 2/3; at 0.6, TP 2 FP 2 gives 4/6 = 2/3 as well.
    const result = chooseF1Threshold(f64([0.6, 0.8, 0.9, 0.5, 0.7]), f64([1, 0, 1, 0, 0]));
    assert.equal(result.threshold, 0.9);
    assert.equal(result.f1, 2 / 3);
    assert.deepEqual(result.confusionMatrix, { truePositives: 1, falsePositives: 0, trueNegatives: 3, falseNegatives: 1 });
  });

  it('should call every tied row positive or none of them', () => {
    const result = chooseF1Threshold(f64([0.4, 0.4, 0.4, 0.1]), f64([1, 1, 0, 0]));
    assert.equal(result.threshold, 0.4);
    assert.deepEqual(result.confusionMatrix, { truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 0 });
  });

  it('should find the same best F1 as trying every threshold on random data', () => {
    for (const [seed, levels] of [[11, undefined], [12, 9]] as const) {
      const { probabilities, labels } = randomPredictions(400, seed, levels);
      const chosen = chooseF1Threshold(probabilities, labels);
      let best = metricsAtThreshold(probabilities, labels, Infinity);
      for (const threshold of [...new Set(probabilities)].sort((a, b) => b - a)) {
        const candidate = metricsAtThreshold(probabilities, labels, threshold);
        if (candidate.f1 > best.f1 + 1e-12) best = candidate;
      }
      assert.equal(chosen.threshold, best.threshold, `seed ${seed}`);
      assertClose(chosen.f1, best.f1, 1e-12);
      assert.deepEqual(chosen.confusionMatrix, best.confusionMatrix);
    }
  });

  it('should refuse predictions with one outcome only', () => {
    assert.throws(() => chooseF1Threshold(f64([0.1, 0.9]), f64([0, 0])), { name: 'InvalidDataError', message: /only negative outcomes/ });
  });
});

describe('metricsAtThreshold', () => {
  it('should count rows at or above the threshold as positive', () => {
    const result = metricsAtThreshold(f64([0.5, 0.49, 0.7, 0.2]), f64([1, 1, 0, 0]), 0.5);
    assert.deepEqual(result.confusionMatrix, { truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1 });
    assert.deepEqual([result.precision, result.recall, result.f1, result.accuracy], [0.5, 0.5, 0.5, 0.5]);
  });

  it('should report 0 precision and F1 when nothing is called positive', () => {
    const result = metricsAtThreshold(f64([0.3, 0.2]), f64([1, 0]), 0.9);
    assert.deepEqual([result.precision, result.recall, result.f1, result.accuracy], [0, 0, 0, 0.5]);
  });

  it('should refuse NaN probabilities', () => {
    assert.throws(() => metricsAtThreshold(f64([Number.NaN]), f64([1]), 0.5), InvalidDataError);
  });
});
