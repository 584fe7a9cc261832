import assert from 'node:assert/strict';
import { chooseSolver, NEWTON_MAX_PARAMETERS } from './choose-solver.ts';
import { DesignMatrix } from './design-matrix.ts';

describe('chooseSolver', () => {
  it('should choose Newton for tens of dense columns and one-hot blocks', () => {
    const rowCount = 1000;
    const dense = Array.from({ length: 20 }, (_, j) => Float64Array.from({ length: rowCount }, (_, row) => Math.sin(row * (j + 1))));
    const oneHot = Array.from({ length: 40 }, (_, k) => Float64Array.from({ length: rowCount }, (_, row) => (row % 40 === k ? 1 : 0)));
    assert.equal(chooseSolver(new DesignMatrix([...dense, ...oneHot], rowCount)), 'newton');
  });

  it('should choose L-BFGS when the Hessian would cost too many passes or too much memory', () => {
    const wideDense = Array.from({ length: 200 }, (_, j) => Float64Array.from({ length: 100 }, (_, row) => Math.cos(row + j)));
    assert.equal(chooseSolver(new DesignMatrix(wideDense, 100)), 'lbfgs');
    const tooMany = Array.from({ length: NEWTON_MAX_PARAMETERS }, () => new Float64Array(4));
    assert.equal(chooseSolver(new DesignMatrix(tooMany, 4)), 'lbfgs');
  });
});
