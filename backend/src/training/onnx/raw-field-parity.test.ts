import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { FIELD_PROBLEM_CODES, type FittedFeatureSpec } from '@scorebridge/shared';
import type { Cell } from '../../datasets/table.ts';
import type { FeatureMatrix } from '../../features/index.ts';
import { applyCalibratorToAll, type Calibrator } from '../calibration/index.ts';
import { sigmoid } from '../linear/index.ts';
import { OnnxGraphBuilder } from './graph-builder.ts';
import { encodeModel, TENSOR_DATA_TYPES } from './onnx-proto.ts';
import { createRawFieldFeedBuilder, type OnnxFeed } from './raw-field-feeds.ts';
import { rawFieldInput } from './raw-field-stage.ts';
import { rawFieldInputs } from './raw-inputs.ts';
import { GRAPH_NAMES, ONNX_VERSIONS } from './scoring-graph.ts';
import { exportMessyModel, trainMessyModels, type MessyModel, type MessyModels } from './test-support/messy-models.ts';
import { assertScoresMatch, runOnnxFeeds } from './test-support/run-onnx.ts';

const TOLERANCE = 1e-5;

/** The feature matrix the raw-field stage computes, as a graph output of its own, to compare cell by cell. */
async function graphFeatureMatrix(fitted: FittedFeatureSpec, feeds: Readonly<Record<string, OnnxFeed>>, rowCount: number, featureCount: number): Promise<Float64Array> {
  const builder = new OnnxGraphBuilder();
  const matrix = rawFieldInput(fitted, rawFieldInputs(fitted))(builder);
  builder.output(matrix, 'matrix', TENSOR_DATA_TYPES.double, [GRAPH_NAMES.batch, featureCount]);
  const onnx = encodeModel({
    irVersion: ONNX_VERSIONS.ir,
    opsetImports: [
      { domain: '', version: ONNX_VERSIONS.defaultOpset },
      { domain: 'ai.onnx.ml', version: ONNX_VERSIONS.mlOpset },
    ],
    producerName: 'test',
    producerVersion: '0',
    graph: builder.build('features_only'),
  });
  const session = await ort.InferenceSession.create(onnx);
  try {
    const tensors = Object.fromEntries(Object.entries(feeds).map(([name, feed]) => [name, new ort.Tensor(feed.type, feed.data, [...feed.dims])]));
    const result = await session.run(tensors);
    assert.deepEqual(result['matrix']!.dims, [rowCount, featureCount]);
    return result['matrix']!.data as Float64Array;
  } finally {
    await session.release();
  }
}

/** Cells as a JSON client sends them: numbers as numbers, yes/no as booleans, the rest as text; absent keys for nulls. */
function asRecords(columns: readonly string[], rows: readonly Cell[][]): Record<string, unknown>[] {
  return rows.map((row, index) => {
    const record: Record<string, unknown> = {};
    columns.forEach((column, position) => {
      const cell = row[position];
      if (cell === null || cell === undefined) return;
      if (index % 2 === 0 && /^-?\d+(\.\d+)?$/.test(cell)) record[column] = Number(cell);
      else if (index % 2 === 0 && (cell === 'yes' || cell === 'no')) record[column] = cell === 'yes';
      else record[column] = cell;
    });
    return record;
  });
}

function expectedScores(model: MessyModel<unknown>, matrix: FeatureMatrix, calibrator: Calibrator | null): { raw: Float64Array; probability: Float64Array } {
  const raw = model.predictRaw(matrix);
  return { raw, probability: calibrator ? applyCalibratorToAll(calibrator, raw) : raw.map(sigmoid) };
}

describe('raw-field ONNX export: the feature spec in the graph, parity with the TypeScript transform and predictors', function () {
  this.timeout(120_000);
  let models: MessyModels;

  before(async () => {
    models = await trainMessyModels();
  });

  for (const kind of ['gbdt', 'logistic'] as const) {
    describe(kind === 'gbdt' ? 'gradient-boosted trees (codes, missing kept)' : 'logistic regression (one-hot, imputed, standardized)', () => {

      it('computes every cell of the feature matrix exactly as the transformer does, on every holdout row', async () => {
        const { fitted, transformer } = models[kind];
        const { columns, rows } = models.holdout;
        const expected = transformer.transformBatch(rows, columns);
        const featureCount = expected.columns.length;
        const actual = await graphFeatureMatrix(fitted, createRawFieldFeedBuilder(fitted).fromBatch(rows, columns).feeds, rows.length, featureCount);
        for (let row = 0; row < rows.length; row++) {
          for (let feature = 0; feature < featureCount; feature++) {
            const want = expected.columns[feature]![row]!;
            const got = actual[row * featureCount + feature]!;
            assert.ok(Object.is(got, want) || (got === 0 && want === 0), `row ${row} (${JSON.stringify(rows[row])}), ${expected.features[feature]!.name}: graph ${got}, transformer ${want}`);
          }
        }
      });

      it(`matches raw_score and probability within ${TOLERANCE} on every holdout row, calibrated, from table rows`, async () => {
        const { transformer, calibrator } = models[kind];
        const { columns, rows } = models.holdout;
        const actual = await runOnnxFeeds(exportMessyModel(models, kind), createRawFieldFeedBuilder(models[kind].fitted).fromBatch(rows, columns).feeds);
        assertScoresMatch(actual, expectedScores(models[kind], transformer.transformBatch(rows, columns), calibrator), TOLERANCE);
      });

      it('matches without a calibrator, from JSON records (numbers and booleans as JSON values)', async () => {
        const { transformer, fitted } = models[kind];
        const records = asRecords(models.holdout.columns, models.holdout.rows);
        const actual = await runOnnxFeeds(exportMessyModel(models, kind, null), createRawFieldFeedBuilder(fitted).fromRecords(records).feeds);
        assertScoresMatch(actual, expectedScores(models[kind], transformer.transformRecords(records), null), TOLERANCE);
      });
    });
  }

  it('trains trees that split on every feature the graph computes, so the parity covers their routing', () => {
    const used = new Set(models.gbdt.model.trees.flatMap((tree) => tree.nodes.flatMap((node) => (node.kind === 'leaf' ? [] : [models.gbdt.model.features[node.feature]!.name]))));
    const features = ['Industry', 'Employees', 'HasPhone', 'CreatedDate:daysSince', 'CreatedDate:weekday', 'CreatedDate:month', 'Email:emailDomainKind', 'Description:textLength', 'Description:wordCount', 'Revenue/Employees'];
    for (const feature of features) {
      assert.ok(used.has(feature), `no split on ${feature}`);
    }
  });

  it('reports the fields it could not read, as the transformer does', () => {
    const { fitted, transformer } = models.gbdt;
    const { columns, rows } = models.holdout;
    const feeds = createRawFieldFeedBuilder(fitted).fromBatch(rows, columns, { maxProblems: 50 });
    const matrix = transformer.transformBatch(rows, columns, { maxProblems: 50 });
    assert.ok(feeds.problemCount > 0);
    assert.equal(feeds.problemCount, matrix.problemCount);
    assert.deepEqual(feeds.problems, matrix.problems);
  });

  it('reads any one input of a record as fromRecords feeds it', () => {
    const { fitted } = models.gbdt;
    const builder = createRawFieldFeedBuilder(fitted);
    const records = [...asRecords(models.holdout.columns, models.holdout.rows), {}, { Industry: '  ', Employees: 'N/A', Description: 'x', Other: 1 }];
    const { feeds } = builder.fromRecords(records);
    assert.ok(builder.inputs.some((input) => input.derive !== null), 'the inputs include text measures');
    records.forEach((record, row) => {
      builder.inputs.forEach((input, index) => {
        // Object.is: NaN for a missing number is NaN both ways.
        const fed = feeds[input.name]!.data[row]!;
        assert.ok(Object.is(builder.readInput(record, index), fed), `record ${row}, ${input.name}: ${String(builder.readInput(record, index))} read alone, ${String(fed)} fed`);
      });
    });
    assert.throws(() => builder.readInput(records[0]!, builder.inputs.length), /No input \d+ among \d+/);
  });

  it('counts an absent column as missing in every row and reports it', () => {
    const { fitted } = models.gbdt;
    const feeds = createRawFieldFeedBuilder(fitted).fromBatch([['x'], ['y']], ['Other']);
    assert.deepEqual(feeds.feeds['Industry']!.data, ['', '']);
    assert.ok(Number.isNaN((feeds.feeds['Employees']!.data as Float64Array)[1]!));
    assert.ok(feeds.problems.some((problem) => problem.column === 'Industry' && problem.code === FIELD_PROBLEM_CODES.columnAbsent));
  });
});
