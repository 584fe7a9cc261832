import assert from 'node:assert/strict';
import { SeededRandom } from './seeded-random.ts';
import { featureMatrix, type TestColumn } from './test-support/feature-matrices.ts';
import { trainGbdt } from './train-gbdt.ts';

/**
 * A sanity check that 200,000 rows of 30 features train 100 rounds in one go. Time is not
 * asserted (machines differ); `npm run bench` is the place to measure it. It took about 5 s on
 * the shared 2-core development machine, making the data included.
 */
describe('gradient-boosted trees on 200,000 rows x 30 features', function () {
  this.timeout(300_000);

  it('should train 100 rounds of 31 leaves', async () => {
    const rowCount = 200_000;
    const random = new SeededRandom(1);
    const columns: TestColumn[] = [];
    for (let feature = 0; feature < 30; feature++) {
      const categorical = feature % 5 === 4;
      const values = new Float64Array(rowCount);
      for (let row = 0; row < rowCount; row++) values[row] = categorical ? random.int(20) : random.next() < 0.05 ? Number.NaN : random.next() * 10;
      columns.push({ name: `f${feature}`, kind: categorical ? 'categorical' : 'numeric', values, categoryCount: 20 });
    }
    const labels = new Float64Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const logit = (columns[0]!.values[row]! > 5 ? 1 : -1) + 0.2 * (columns[1]!.values[row]! || 0) + (columns[4]!.values[row]! % 3) * 0.3 - 1;
      labels[row] = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    }

    const result = await trainGbdt(featureMatrix(columns, labels), { params: { rounds: 100 } });
    assert.equal(result.model.trees.length, 100);
    assert.ok(result.model.trees.every((tree) => tree.nodes.length === 61), 'every tree has 31 leaves');
    assert.ok(result.history.at(-1)!.trainLoss < result.history[0]!.trainLoss);
  });
});
