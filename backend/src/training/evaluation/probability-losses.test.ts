import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { brierScore, LOG_LOSS_CLIP, logLoss } from './probability-losses.ts';
import { assertClose } from './test-support/random-predictions.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('logLoss', () => {
  it('should be the mean negative log-likelihood of the outcomes', () => {
    assertClose(logLoss(f64([0.9, 0.2]), f64([1, 0])), (-Math.log(0.9) - Math.log(0.8)) / 2, 1e-15);
    assertClose(logLoss(f64([0.5, 0.5, 0.5]), f64([1, 0, 1])), Math.log(2), 1e-15);
  });

  it('should clip a confident mistake to about 34.5 instead of infinity', () => {
    assertClose(logLoss(f64([0]), f64([1])), -Math.log(LOG_LOSS_CLIP), 1e-12);
    // 1 - 1e-15 is not exact in doubles, so the mirrored mistake costs a little less (34.4).
    assertClose(logLoss(f64([1]), f64([0])), -Math.log(LOG_LOSS_CLIP), 0.2);
    assert.equal(logLoss(f64([1, 0]), f64([1, 0])) < 1e-14, true, 'a certain, correct prediction costs (almost) nothing');
  });

  it('should accept a single outcome, which a loss can judge', () => {
    assertClose(logLoss(f64([0.25]), f64([0])), -Math.log(0.75), 1e-15);
  });

  it('should refuse probabilities outside [0, 1], NaN and mismatched lengths', () => {
    assert.throws(() => logLoss(f64([1.2]), f64([1])), { name: 'InvalidDataError', message: /1\.2 at index 0 where a probability between 0 and 1/ });
    assert.throws(() => logLoss(f64([Number.NaN]), f64([1])), InvalidDataError);
    assert.throws(() => logLoss(f64([0.3, 0.4]), f64([1])), ValidationError);
    assert.throws(() => logLoss(f64([]), f64([])), { name: 'InvalidDataError', message: /no rows/ });
  });
});

describe('brierScore', () => {
  it('should be the mean squared difference between probability and outcome', () => {
    assertClose(brierScore(f64([0.9, 0.2]), f64([1, 0])), (0.01 + 0.04) / 2, 1e-15);
    assert.equal(brierScore(f64([0.5, 0.5]), f64([1, 0])), 0.25);
    assert.equal(brierScore(f64([1, 0]), f64([1, 0])), 0);
  });

  it('should refuse NaN probabilities', () => {
    assert.throws(() => brierScore(f64([0.5, Number.NaN]), f64([1, 0])), { name: 'InvalidDataError', message: /NaN at index 1/ });
  });
});
