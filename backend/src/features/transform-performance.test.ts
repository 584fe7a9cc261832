import assert from 'node:assert/strict';
import { compileFeatureSpec } from './compile-feature-spec.ts';
import { fitFeatureSpec } from './fit-feature-spec.ts';
import { tableOf } from './test-support/tables.ts';
import { wideSpec, wideTable } from './test-support/wide-table.ts';

/**
 * A sanity check that 100,000 rows of 30 columns fit and transform in one go, in whichever
 * encoding, and that batching does not change a number. Time is not asserted (machines differ);
 * the per-row path reuses its slots and writes straight into the output arrays, and
 * `npm run bench` is the place to measure it.
 */
describe('feature transform on 100,000 rows x 30 columns', function () {
  this.timeout(120_000);
  const rowCount = 100_000;
  const { columns, rows } = wideTable(rowCount);

  for (const modelKind of ['trees', 'linear'] as const) {
    it(`should fit and transform them for ${modelKind} as one batch and as 5,000-row batches alike`, async () => {
      const fitted = await fitFeatureSpec(wideSpec(columns, modelKind), tableOf(columns, rows, 5000));
      assert.equal(fitted.rowCount, rowCount);
      const transformer = compileFeatureSpec(fitted);

      const whole = transformer.transformBatch(rows, columns);
      const batched = await transformer.transformTable(tableOf(columns, rows, 5000));
      assert.equal(whole.rowCount, rowCount);
      assert.equal(batched.rowCount, rowCount);
      for (let feature = 0; feature < whole.columns.length; feature += 1) {
        assert.deepEqual(batched.columns[feature], whole.columns[feature], transformer.features[feature]!.name);
      }
      const positives = whole.labels!.reduce((sum, label) => sum + label, 0);
      assert.ok(positives > 0.15 * rowCount && positives < 0.25 * rowCount);
      if (modelKind === 'linear') {
        for (const values of whole.columns) assert.ok(values.every(Number.isFinite));
      }
    });
  }
});
