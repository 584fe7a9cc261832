import assert from 'node:assert/strict';
import { QUANTILES } from '@scorebridge/shared';
import { numericBinIndex, quantileOfSorted } from './numeric-summary.ts';
import { createRandom } from './reservoir.ts';
import { columnOf, profileRows } from './test-tables.ts';

/** Share of the sorted values at or below `value`: the rank an estimated quantile really has. */
function rankOf(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low / sorted.length;
}

describe('numeric quantiles', () => {
  it('should estimate p1 to p99 of 100,000 skewed values within one percentile of the exact ones', () => {
    const random = createRandom(42);
    // Log-normal deal amounts: the long right tail is where a poor sketch goes wrong.
    const values = Array.from({ length: 100_000 }, () => Math.exp(8 + 1.2 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
    const column = columnOf(profileRows(['Amount'], values.map((value) => [String(value)])), 'Amount');
    const numeric = column.numeric!;
    assert.equal(numeric.exactQuantiles, false, 'a sample, not all values');
    const sorted = Float64Array.from(values).sort();
    for (const [key, q] of Object.entries(QUANTILES) as [keyof typeof QUANTILES, number][]) {
      const estimate = numeric.quantiles[key];
      const exact = quantileOfSorted(sorted, q);
      assert.ok(Math.abs(rankOf(sorted, estimate) - q) <= (q === 0.01 || q === 0.99 ? 0.003 : 0.01), `${key}: estimate ${estimate}, exact ${exact}, rank ${rankOf(sorted, estimate)}`);
    }
    assert.equal(numeric.min, sorted[0]);
    assert.equal(numeric.max, sorted[sorted.length - 1]);
  });

  it('should give exact quantiles while all values fit in the sample', () => {
    const values = Array.from({ length: 1001 }, (_, index) => index);
    const scores = columnOf(profileRows(['Score'], values.map((value) => [String(value % 500)])), 'Score').numeric!;
    assert.equal(scores.exactQuantiles, true);
    assert.equal(scores.quantiles.p50, quantileOfSorted(Float64Array.from(values, (value) => value % 500).sort(), 0.5));
  });

  it('should place values in right-closed bins', () => {
    assert.deepEqual([-5, 0, 0.5, 1, 2, 3, 9].map((value) => numericBinIndex([0, 1, 3], value)), [0, 0, 1, 1, 2, 2, 3]);
  });
});
