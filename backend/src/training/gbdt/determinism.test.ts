import assert from 'node:assert/strict';
import { plantedData } from './test-support/planted-data.ts';
import { trainGbdt } from './train-gbdt.ts';

describe('gradient-boosted trees determinism', function () {
  this.timeout(60_000);
  const { matrix } = plantedData(8_000, 21);
  const subsampled = { rounds: 30, rowSubsample: 0.7, colSubsample: 0.6 };

  it('should give the identical model JSON for the same seed and data', async () => {
    const first = await trainGbdt(matrix, { params: { ...subsampled, seed: 7 } });
    const second = await trainGbdt(matrix, { params: { ...subsampled, seed: 7 } });
    assert.equal(JSON.stringify(second.model), JSON.stringify(first.model));
    assert.deepEqual(second.trainRawScores, first.trainRawScores);
  });

  it('should give a different model for a different seed when rows and columns are subsampled', async () => {
    const first = await trainGbdt(matrix, { params: { ...subsampled, seed: 7 } });
    const other = await trainGbdt(matrix, { params: { ...subsampled, seed: 8 } });
    assert.notEqual(JSON.stringify(other.model), JSON.stringify(first.model));
  });

  it('should not depend on the seed when nothing is sampled', async () => {
    const first = await trainGbdt(matrix, { params: { rounds: 10, seed: 1 } });
    const other = await trainGbdt(matrix, { params: { rounds: 10, seed: 2 } });
    assert.equal(JSON.stringify(other.model), JSON.stringify(first.model));
  });

  it('should sample bin edges by the seed when a feature has more values than the bin sample', async () => {
    const big = plantedData(3_000, 4).matrix;
    const first = await trainGbdt(big, { params: { rounds: 3, binSampleSize: 1_000, seed: 1 } });
    const again = await trainGbdt(big, { params: { rounds: 3, binSampleSize: 1_000, seed: 1 } });
    const other = await trainGbdt(big, { params: { rounds: 3, binSampleSize: 1_000, seed: 2 } });
    assert.equal(JSON.stringify(again.model), JSON.stringify(first.model));
    assert.notEqual(JSON.stringify(other.model), JSON.stringify(first.model));
  });
});
