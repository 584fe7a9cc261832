import assert from 'node:assert/strict';
import { ValidationError } from '../../errors.ts';
import { checkPredictions, gather, selectLabeled } from './validate-predictions.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('selectLabeled and gather', () => {
  it('should keep the rows with an outcome, in order, with their positions', () => {
    const selected = selectLabeled(f64([0.1, 0.2, 0.3, 0.4]), f64([1, Number.NaN, 0, Number.NaN]));
    assert.deepEqual([...selected.scores], [0.1, 0.3]);
    assert.deepEqual([...selected.labels], [1, 0]);
    assert.deepEqual([...selected.rows], [0, 2]);
    assert.deepEqual(checkPredictions(selected.scores, selected.labels), { positives: 1, negatives: 1 });
    assert.deepEqual([...gather(f64([5, 6, 7]), Int32Array.from([2, 0]))], [7, 5]);
  });

  it('should refuse scores and labels of different lengths', () => {
    assert.throws(() => selectLabeled(f64([0.1]), f64([1, 0])), ValidationError);
  });
});
