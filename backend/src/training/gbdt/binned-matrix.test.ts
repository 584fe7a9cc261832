import assert from 'node:assert/strict';
import { binMatrix } from './binned-matrix.ts';
import { parseGbdtParams } from './gbdt-params.ts';
import { SeededRandom } from './seeded-random.ts';
import { featureMatrix, type TestColumn } from './test-support/feature-matrices.ts';

const binningOptions = parseGbdtParams({});

describe('binned matrix', () => {
  it('should number the bins of all features through and store them row by row', () => {
    const matrix = featureMatrix(
      [
        { name: 'amount', kind: 'numeric', values: Float64Array.from([5, Number.NaN, 1, 5]) },
        { name: 'colour', kind: 'categorical', values: Float64Array.from([2, 0, Number.NaN, 1]), categoryCount: 3 },
      ],
      null,
    );
    const binned = binMatrix(matrix, Uint32Array.from([0, 1, 2, 3]), binningOptions, new SeededRandom(0));
    // amount: missing, 1, 5 (bins 0..2); colour: missing and three codes (bins 0..3, global 3..6).
    assert.deepEqual([...binned.firstBin], [0, 3, 7]);
    assert.ok(binned.bins instanceof Uint16Array);
    assert.deepEqual([...binned.bins], [2, 3 + 3, 0, 3 + 1, 1, 3 + 0, 2, 3 + 2]);
  });

  it('should keep only the given rows, in their order', () => {
    const matrix = featureMatrix([{ name: 'x', kind: 'numeric', values: Float64Array.from([10, 20, 30, 40]) }], null);
    const binned = binMatrix(matrix, Uint32Array.from([3, 1]), binningOptions, new SeededRandom(0));
    assert.equal(binned.rowCount, 2);
    assert.deepEqual([...binned.bins], [2, 1]);
  });

  it('should take four bytes a cell once the global bins pass 65,536, with the same bins', () => {
    const rowCount = 256;
    const columns: TestColumn[] = Array.from({ length: 300 }, (_, feature) => ({
      name: `c${feature}`,
      kind: 'categorical',
      values: Float64Array.from({ length: rowCount }, (_, row) => (row + feature) % 255),
      categoryCount: 255,
    }));
    const binned = binMatrix(featureMatrix(columns, null), Uint32Array.from({ length: rowCount }, (_, row) => row), binningOptions, new SeededRandom(0));
    assert.ok(binned.bins instanceof Uint32Array);
    assert.equal(binned.firstBin[300], 300 * 256);
    for (const [row, feature] of [[0, 0], [7, 200], [255, 299], [100, 256]] as const) {
      assert.equal(binned.bins[row * 300 + feature]! - binned.firstBin[feature]!, ((row + feature) % 255) + 1, `row ${row}, feature ${feature}`);
    }
  });
});
