import assert from 'node:assert/strict';
import type { FeatureSpec } from '@scorebridge/shared';
import { tableOf } from '../../features/test-support/tables.ts';
import { compileFeatureSpec, fitFeatureSpec } from '../../features/index.ts';
import { compileLogisticModel, fitLogisticRegression } from '../linear/index.ts';
import { exportLogisticToOnnx } from './export-logistic.ts';
import { createRawFieldFeedBuilder } from './raw-field-feeds.ts';
import { rawFieldInputs } from './raw-inputs.ts';
import { assertScoresMatch, runOnnxFeeds } from './test-support/run-onnx.ts';

const COLUMNS = ['Annual Revenue', '2nd Email', 'probability', 'Annual_Revenue', 'Won'];
const ROWS = Array.from({ length: 60 }, (_, row) => [
  String(row * 37),
  row % 3 === 0 ? `u${row}@gmail.com` : row % 3 === 1 ? `u${row}@acme.example` : 'none of that',
  ['a', 'b', 'c'][row % 3]!,
  row % 7 === 0 ? null : String(row % 11),
  row % 2 === 0 || row % 5 === 0 ? 'yes' : 'no',
]);
const SPEC: FeatureSpec = {
  modelKind: 'linear',
  target: { column: 'Won', positiveLabel: 'yes' },
  columns: [
    { name: 'Annual Revenue', type: 'numeric', missing: { impute: 'mean' } },
    { name: '2nd Email', type: 'text', derive: ['emailDomainKind', 'textLength'], missing: { impute: 'median' } },
    { name: 'probability', type: 'categorical', minCount: 1 },
    { name: 'Annual_Revenue', type: 'numeric', missing: { impute: 'mean', indicator: true } },
  ],
};

describe('raw-field inputs: names', () => {
  it('keeps C identifiers, cleans other names, and never takes a name twice or an output name', async () => {
    const fitted = await fitFeatureSpec(SPEC, tableOf(COLUMNS, ROWS));
    assert.deepEqual(
      rawFieldInputs(fitted).map((input) => [input.name, input.column, input.derive, input.elementType]),
      [
        ['Annual_Revenue', 'Annual Revenue', null, 'double'],
        ['_2nd_Email', '2nd Email', null, 'string'],
        ['_2nd_Email_textLength', '2nd Email', 'textLength', 'double'],
        ['probability_2', 'probability', null, 'string'],
        ['Annual_Revenue_2', 'Annual_Revenue', null, 'double'],
      ],
    );
  });

  it('scores through the cleaned names as the TypeScript model does', async () => {
    const fitted = await fitFeatureSpec(SPEC, tableOf(COLUMNS, ROWS));
    const matrix = compileFeatureSpec(fitted).transformBatch(ROWS, COLUMNS);
    const model = await fitLogisticRegression(matrix);
    const feeds = createRawFieldFeedBuilder(fitted).fromBatch(ROWS, COLUMNS).feeds;
    const actual = await runOnnxFeeds(exportLogisticToOnnx(model, fitted).onnx, feeds);
    const predictor = compileLogisticModel(model, matrix.features);
    assertScoresMatch(actual, { raw: predictor.predictRaw(matrix), probability: predictor.predictProbability(matrix) }, 1e-5);
  });
});
