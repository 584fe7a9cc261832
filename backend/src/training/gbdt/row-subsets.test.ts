import assert from 'node:assert/strict';
import type { FeatureMatrix } from '../../features/index.ts';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { plantedData } from './test-support/planted-data.ts';
import { trainGbdt } from './train-gbdt.ts';

function copyRows(matrix: FeatureMatrix, rows: Int32Array): FeatureMatrix {
  return {
    ...matrix,
    rowCount: rows.length,
    columns: matrix.columns.map((column) => Float64Array.from(rows, (row) => column[row]!)),
    labels: Float64Array.from(rows, (row) => matrix.labels![row]!),
  };
}

describe('gradient-boosted trees on a split of one matrix', function () {
  this.timeout(30_000);
  const { matrix } = plantedData(5_000, 61);
  const trainRows = Int32Array.from({ length: 5_000 }, (_, row) => row).filter((row) => row % 5 !== 2);
  const validationRows = Int32Array.from({ length: 5_000 }, (_, row) => row).filter((row) => row % 5 === 2);
  const params = { rounds: 60, learningRate: 0.3 };

  it('should train on the given rows exactly as on a copy of them, validating on other rows of the same matrix', async () => {
    const inPlace = await trainGbdt(matrix, { rows: trainRows, validationRows, params });
    const copied = await trainGbdt(copyRows(matrix, trainRows), { validation: copyRows(matrix, validationRows), params });
    assert.equal(JSON.stringify(inPlace.model), JSON.stringify(copied.model));
    assert.deepEqual(inPlace.history, copied.history);
    assert.equal(inPlace.trainRowCount, 4_000);
    assert.equal(inPlace.validationRowCount, 1_000);
    assert.ok(Number.isNaN(inPlace.trainRawScores[2]!), 'a validation row has no training score');
    assert.equal(inPlace.trainRawScores[3], copied.trainRawScores[2], 'matrix row 3 is the copy\'s row 2');
  });

  it('should refuse row indices outside the matrix', async () => {
    await assert.rejects(trainGbdt(matrix, { rows: Int32Array.of(0, 5_000) }), (error: unknown) => error instanceof InvalidDataError && /row index 5000, outside the matrix's 5000 rows/.test(error.message));
  });
});
