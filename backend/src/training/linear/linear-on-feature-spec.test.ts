import assert from 'node:assert/strict';
import { compileFeatureSpec, fitFeatureSpec, OUTPUT_FEATURE_ROLES } from '../../features/index.ts';
import { LEAD_COLUMNS, LEAD_ROWS, linearLeadSpec } from '../../features/test-support/lead-table.ts';
import { tableOf } from '../../features/test-support/tables.ts';
import { wideSpec, wideTable } from '../../features/test-support/wide-table.ts';
import { fitLogisticRegression } from './fit-logistic-regression.ts';
import { compileLogisticModel } from './logistic-predictor.ts';

/** The trainer on matrices made by the real feature pipeline, as the training job will call it. */
describe('logistic regression on a linear feature spec', () => {
  it('should train on every kind of column, center each one-hot block, and score records as the matrix', async () => {
    const { columns, rows } = wideTable(3000);
    const transformer = compileFeatureSpec(await fitFeatureSpec(wideSpec(columns, 'linear'), tableOf(columns, rows, 1000)));
    const matrix = transformer.transformBatch(rows, columns);
    const model = await fitLogisticRegression(matrix, { l2: 1e-2 });
    assert.equal(model.training.converged, true);
    assert.equal(model.coefficients.length, matrix.features.length);

    const blocks = new Map<string, number>();
    matrix.features.forEach((feature, j) => {
      if (feature.role === OUTPUT_FEATURE_ROLES.value || feature.role === OUTPUT_FEATURE_ROLES.missingIndicator) return;
      blocks.set(feature.feature, (blocks.get(feature.feature) ?? 0) + model.coefficients[j]!.coefficient);
    });
    assert.ok(blocks.size >= 8, 'categorical, weekday, month and email-kind blocks');
    for (const [feature, sum] of blocks) assert.ok(Math.abs(sum) < 1e-12, `${feature} block sums to ${sum}`);

    const predictor = compileLogisticModel(model, transformer.features);
    const probabilities = predictor.predictProbability(matrix);
    const record = Object.fromEntries(columns.map((column, index) => [column, rows[7]![index]]));
    const single = transformer.transformRecord(record);
    assert.equal(predictor.predictProbabilityRow(single.values), probabilities[7]);
    const parts = predictor.contributions(single.values);
    assert.ok(Math.abs(parts.values.reduce((sum, value) => sum + value, parts.base) - parts.raw) <= 1e-9);
  });

  it('should keep a tiny, perfectly separable table finite', async () => {
    const transformer = compileFeatureSpec(await fitFeatureSpec(linearLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS)));
    const matrix = transformer.transformBatch(LEAD_ROWS, LEAD_COLUMNS);
    const model = await fitLogisticRegression(matrix, { l2: 1e-4 });
    assert.equal(model.training.rowCount, 6, 'the lead without an outcome is left out');
    assert.ok(model.coefficients.every(({ coefficient }) => Number.isFinite(coefficient)));
    const probabilities = compileLogisticModel(model, matrix.features).predictProbability(matrix);
    matrix.labels!.forEach((label, row) => {
      if (!Number.isNaN(label)) assert.equal(probabilities[row]! > 0.5, label === 1, `row ${row}`);
    });
  });
});
