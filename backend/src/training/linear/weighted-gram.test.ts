import assert from 'node:assert/strict';
import { SeededRandom } from '../../synthetic/index.ts';
import { choleskyFactor, choleskySolve } from './cholesky.ts';
import { DesignMatrix } from './design-matrix.ts';
import { weightedGram } from './weighted-gram.ts';

describe('weightedGram', () => {
  it('should equal the plain triple sum over rows and column pairs, for dense and sparse columns alike', () => {
    const random = new SeededRandom(3);
    const rowCount = 500;
    const columns = [
      Float64Array.from({ length: rowCount }, () => random.normal()),
      Float64Array.from({ length: rowCount }, () => (random.chance(0.1) ? 1 : 0)),
      Float64Array.from({ length: rowCount }, () => random.normal()),
      Float64Array.from({ length: rowCount }, () => (random.chance(0.05) ? random.normal() : 0)),
      Float64Array.from({ length: rowCount }, () => (random.chance(0.2) ? 1 : 0)),
    ];
    const weights = Float64Array.from({ length: rowCount }, () => (random.chance(0.1) ? 0 : random.next()));
    const out = new Float64Array(36);
    weightedGram(new DesignMatrix(columns, rowCount), weights, out);
    const withIntercept = [new Float64Array(rowCount).fill(1), ...columns];
    for (let a = 0; a < 6; a += 1) {
      for (let b = 0; b < 6; b += 1) {
        let expected = 0;
        for (let row = 0; row < rowCount; row += 1) expected += weights[row]! * withIntercept[a]![row]! * withIntercept[b]![row]!;
        assert.ok(Math.abs(out[a * 6 + b]! - expected) < 1e-10, `entry ${a}, ${b}: ${out[a * 6 + b]} vs ${expected}`);
      }
    }
  });
});

describe('choleskyFactor and choleskySolve', () => {
  it('should solve a symmetric positive definite system', () => {
    const matrix = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const factor = Float64Array.from(matrix);
    assert.equal(choleskyFactor(factor, 3), true);
    assert.deepEqual([factor[0], factor[3], factor[4], factor[6], factor[7], factor[8]], [2, 6, 1, -8, 5, 3]);
    const solution = Float64Array.from([1, 2, 3]);
    choleskySolve(factor, 3, solution);
    for (let i = 0; i < 3; i += 1) {
      const product = [0, 1, 2].reduce((sum, k) => sum + matrix[i * 3 + k]! * solution[k]!, 0);
      assert.ok(Math.abs(product - (i + 1)) < 1e-10);
    }
  });

  it('should report a matrix that is not positive definite', () => {
    assert.equal(choleskyFactor(Float64Array.from([1, 2, 2, 1]), 2), false);
    assert.equal(choleskyFactor(Float64Array.from([1, 1, 1, 1]), 2), false, 'singular');
  });
});
