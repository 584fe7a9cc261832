import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { liftTable } from './lift-table.ts';
import { randomPredictions } from './test-support/random-predictions.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('liftTable', () => {
  it('should rank groups from the highest scores down with lift and cumulative gains', () => {
    const probabilities = f64([0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15, 0.05]);
    const labels = f64([1, 1, 0, 1, 0, 0, 0, 0, 1, 0]);
    const rows = liftTable(probabilities, labels, 5);
    // Base rate 0.4. Top fifth: 2 of 2 converted, lift 2.5, half the conversions found.
    assert.deepEqual(
      rows.map((row) => [row.group, row.count, row.positives, row.lift, row.cumulativeGain, row.cumulativeShareOfRows]),
      [
        [1, 2, 2, 2.5, 0.5, 0.2],
        [2, 2, 1, 1.25, 0.75, 0.4],
        [3, 2, 0, 0, 0.75, 0.6],
        [4, 2, 0, 0, 0.75, 0.8],
        [5, 2, 1, 1.25, 1, 1],
      ],
    );
    assert.equal(rows[1]!.cumulativeLift, 0.75 / 0.4);
    assert.deepEqual([rows[0]!.minScore, rows[0]!.maxScore], [0.85, 0.95]);
    assert.equal(rows.at(-1)!.cumulativeLift, 1);
  });

  it('should make deciles of random data whose gains rise to 1', () => {
    const { probabilities, labels } = randomPredictions(1000, 41);
    const rows = liftTable(probabilities, labels);
    assert.equal(rows.length, 10);
    assert.ok(rows.every((row) => row.count === 100));
    for (let index = 1; index < rows.length; index += 1) assert.ok(rows[index]!.cumulativeGain >= rows[index - 1]!.cumulativeGain);
    assert.equal(rows.at(-1)!.cumulativeGain, 1);
    assert.ok(rows[0]!.lift > 1.5, 'the generated scores are informative');
  });

  it('should refuse predictions with one outcome only', () => {
    assert.throws(() => liftTable(f64([0.1, 0.9]), f64([1, 1])), InvalidDataError);
  });
});
